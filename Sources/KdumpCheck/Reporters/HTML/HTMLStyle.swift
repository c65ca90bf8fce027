/// The report's one style sheet, inline in every page (the CSP admits inline style only).
/// Every kind of box has a colour and, through `ClaimLegend`, a texture, so print and grey
/// still tell kinds apart.
enum HTMLStyle {
  static let sheet: StaticString = """
    body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#111}
    h1{font-size:1.4em} .verdict-broken h1{color:#a00} .verdict-at-risk h1{color:#a60}
    .finding{border-left:4px solid #999;padding:.2em 1em;margin:1em 0}
    .sev-error{border-color:#c00} .sev-warning{border-color:#d80} .sev-note{border-color:#48c}
    pre{background:#f4f4f4;padding:.3em;white-space:pre-wrap;word-break:break-all;margin:.2em 0}
    .where{font-family:monospace;font-size:.9em}
    svg text{font:11px monospace} .column-title{font-weight:bold} .column-source{fill:#555}
    .label{paint-order:stroke;stroke:#fff;stroke-width:3px}
    .region rect{stroke:#333;stroke-width:.8}
    .region.inferred rect{stroke-dasharray:4 3} .region.inferred .box{fill-opacity:.25}
    .region.inferred .texture{fill-opacity:.5}
    .k-ram .box{fill:#dfe9d5} .k-crash_kernel .box{fill:#f2c9a0} .k-swiotlb .box{fill:#e6dcc0}
    .k-vmbus_window .box{fill:#eef2f7} .k-pci_root_bus_window .box{fill:#f1f1f1}
    .k-framebuffer_reservation .box{fill:#c9d8f0} .k-gen1_framebuffer_bar .box{fill:#b5c9ea}
    .k-firmware_framebuffer .box{fill:#d4e2f6} .k-video_vram .box{fill:#7da6e0}
    .k-hv_pci_config_window .box{fill:#e59a9a} .k-hv_pci_bus_window .box{fill:#f0c0c0}
    .k-pci_bar .box{fill:#e7b0d0} .k-vmbus_allocation .box{fill:#d8c8ee}
    .hatch{fill:url(#hatch);stroke:#c00;stroke-width:1.5} .hatch-line{stroke:#c00;stroke-width:2}
    .four-gib{stroke:#000;stroke-dasharray:6 4} .four-gib-label{font-weight:bold}
    .address{fill:#444} .gap{fill:#888}
    table.vms{border-collapse:collapse} .vms th,.vms td{border:1px solid #ccc;padding:.2em .5em;text-align:left}
    .vms .count{text-align:right} tr.verdict-broken .verdict{color:#a00;font-weight:bold}
    tr.verdict-at-risk .verdict{color:#a60;font-weight:bold}
    .vms th button{font:inherit;font-weight:bold;border:0;background:none;cursor:pointer;padding:0}
    .vms th[aria-sort=ascending] button::after{content:" ▲"} .vms th[aria-sort=descending] button::after{content:" ▼"}
    .filters select,.filters input{margin-right:.5em}
    svg.definitions{position:absolute}
    .region .texture{stroke:none} .k-other .box{fill:#ddd}
    pattern circle{fill:#555;stroke:none} pattern path{stroke:#555;stroke-width:.6;fill:none}
    .finding-tag{font-weight:bold} .finding-tag.sev-error{fill:#a00} .finding-tag.sev-warning{fill:#a60}
    .finding-tag.sev-note{fill:#258}
    ul.legend{list-style:none;padding:0;columns:2 28em} ul.legend li{margin:.15em 0;break-inside:avoid}
    .swatch{vertical-align:middle;margin-right:.4em}
    table.claims{border-collapse:collapse;width:100%;margin:.5em 0 1.5em;font-size:.9em}
    .claims caption{text-align:left;font-weight:bold;padding:.3em 0}
    .claims th,.claims td{border:1px solid #ccc;padding:.15em .4em;text-align:left;vertical-align:top}
    .claims pre{margin:0 0 .2em;font-size:.95em} .hex{font-family:monospace;white-space:nowrap}
    tr:target{background:#fff3b0;outline:2px solid #c90} article:target{background:#fff8d8}
    svg a:hover rect{stroke-width:2}
    @media print{.finding{break-inside:avoid} .region .box{fill-opacity:.15}}
    """
}
