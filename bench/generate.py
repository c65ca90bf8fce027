#!/usr/bin/env python3
"""Deterministic benchmark inputs (not committed): a dmesg-like log with ~1% relevant lines,
a large /proc/iomem dump, and a first-kernel + kdump capture.

usage: generate.py log MB OUT | devices MB OUT | iomem LINES OUT | capture OUT_DIR
                   | backwards LINES OUT | boots N OUT | roles N OUT | fleet N OUT_DIR
"""
import random
import sys

NOISE = [
    "ACPI: bus type PCI registered",
    "audit: type=1400 audit({t}:{n}): apparmor=\"STATUS\" operation=\"profile_load\" profile=\"unconfined\" name=\"/usr/bin/man\" pid={n} comm=\"apparmor_parser\"",
    "EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.",
    "systemd[1]: Started Journal Service.",
    "hv_netvsc 000d3a6e-4a3b-000d-3a6e-4a3b000d3a6e eth0: VF slot 1 added",
    "scsi 0:0:0:0: Direct-Access     Msft     Virtual Disk     1.0  PQ: 0 ANSI: 5",
    "sd 0:0:0:0: [sda] 62914560 512-byte logical blocks: (32.2 GB/30.0 GiB)",
    "random: crng init done",
    "NET: Registered PF_INET6 protocol family",
    "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready",
    "workqueue: blk_mq_run_work_fn hogged CPU for >10000us 4 times, consider switching to WQ_UNBOUND",
    "nvme nvme0: 8/0/0 default/read/poll queues",
]
RELEVANT = [
    "hv_vmbus: registering driver hv_pci",
    "hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]",
    "pci 1c2d:00:02.0: BAR 0 [mem 0xfe8000000-0xfe8003fff 64bit]: assigned",
    "BIOS-e820: [mem 0x0000000000100000-0x00000000f7feffff] usable",
    "efifb: framebuffer at 0x40000000, using 3072k, total 3072k",
    "hv_pci 7b1e3f0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b: PCI host bridge to bus 1c2d:00",
    "pci_bus 1c2d:00: root bus resource [mem 0xfe8000000-0xfe87fffff window]",
    "software IO TLB: mapped [mem 0x00000000d3000000-0x00000000d7000000] (64MB)",
]


def log(megabytes, out):
    rng = random.Random(42)
    limit = megabytes * 1_000_000
    written = 0
    t = 0.0
    with open(out, "w") as f:
        f.write("[    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP\n")
        f.write("[    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro console=ttyS0 crashkernel=512M\n")
        n = 0
        while written < limit:
            n += 1
            t += rng.random() / 100
            if rng.random() < 0.01:
                msg = rng.choice(RELEVANT)
            else:
                msg = rng.choice(NOISE).format(t=int(t), n=n)
            line = f"[{t:12.6f}] {msg}\n"
            if n == 200:
                # Every real boot starts init within its first seconds; registrations after it
                # are module loads.
                line = f"[{t:12.6f}] Run /init as init process\n" + line
            f.write(line)
            written += len(line)


def devices(megabytes, out):
    """Like `log`, but the relevant 1 % are passthrough devices attaching, each with its own
    hv_pci GUID (a VM whose host re-attaches its devices at every update): thousands of
    distinct devices, bus windows and BARs in one boot."""
    rng = random.Random(7)
    limit = megabytes * 1_000_000
    written = 0
    t = 0.0
    device = 0
    with open(out, "w") as f:
        f.write("[    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP\n")
        f.write("[    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro console=ttyS0 crashkernel=512M\n")
        f.write("[    0.900000] hv_vmbus: registering driver hv_pci\n")
        n = 0
        while written < limit:
            n += 1
            t += rng.random() / 100
            if rng.random() < 0.01 / 5:
                device += 1
                dom = device % 0xFFFF + 1
                guid = f"{device:08x}-{dom:04x}-4b1c-9d2a-{device * 7919 % (1 << 48):012x}"
                base = 0xFE0000000 + (device % 4096) * 0x100000
                lines = [
                    f"hv_pci {guid}: PCI VMBus probing: Using version 0x10004",
                    f"hv_pci {guid}: PCI host bridge to bus {dom:04x}:00",
                    f"pci_bus {dom:04x}:00: root bus resource [mem {base:#x}-{base + 0xFFFFF:#x} window]",
                    f"pci {dom:04x}:00:02.0: [15b3:101a] type 00 class 0x020000 PCIe Endpoint",
                    f"pci {dom:04x}:00:02.0: BAR 0 [mem {base:#x}-{base + 0x3FFF:#x} 64bit pref]: assigned",
                ]
                text = "".join(f"[{t + k / 1e6:12.6f}] {m}\n" for k, m in enumerate(lines))
            else:
                text = f"[{t:12.6f}] {rng.choice(NOISE).format(t=int(t), n=n)}\n"
            if n == 200:
                text = f"[{t:12.6f}] Run /init as init process\n" + text
            f.write(text)
            written += len(text)


def iomem(lines, out):
    with open(out, "w") as f:
        addr = 0x1000
        n = 0
        while n < lines:
            size = 0x100000
            f.write(f"{addr:08x}-{addr + size - 1:08x} : PCI Bus 0000:{n % 256:02x}\n")
            n += 1
            for k in range(min(4, lines - n)):
                child = addr + k * 0x1000
                f.write(f"  {child:08x}-{child + 0xfff:08x} : 0000:{n % 256:02x}:{k:02x}.0\n")
                n += 1
            addr += size


def backwards(lines, out):
    with open(out, "w") as f:
        for n in range(lines):
            f.write(f"[{(lines - n) / 1000:12.6f}] hv_vmbus: registering driver hv_pci\n")


def boots(count, out):
    with open(out, "w") as f:
        for b in range(count):
            f.write("[    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP\n")
            elf = " elfcorehdr=0xd6000000" if b % 2 else " crashkernel=512M"
            f.write(f"[    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro{elf}\n")
            f.write("[    1.000000] hv_vmbus: registering driver hv_pci\n")


def roles(count, out):
    """`count` boots of every role in turn: a first kernel that panics, the kdump kernel it
    loads (elfcorehdr=) with a passthrough device, and a boot of unknown role (no command line)."""
    with open(out, "w") as f:
        for b in range(count):
            role = b % 3
            f.write("[    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP\n")
            if role == 0:
                f.write("[    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M\n")
                f.write("[    0.000000] efifb: framebuffer at 0x40000000, using 3072k, total 3072k\n")
                f.write("[    1.000000] hv_vmbus: registering driver hv_pci\n")
                f.write("[    9.000000] Kernel panic - not syncing: sysrq triggered crash\n")
            elif role == 1:
                f.write("[    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro elfcorehdr=0xd6000000 reset_devices\n")
                f.write("[    1.000000] hv_vmbus: registering driver hv_pci\n")
                f.write("[    1.100000] hv_pci c8b9a3f1-6f3e-4b1c-9d2a-7e5f4a3b2c1d: PCI host bridge to bus 6f3e:00\n")
                f.write("[    1.100100] pci_bus 6f3e:00: root bus resource [mem 0xfe0000000-0xfe00fffff window]\n")
            else:
                f.write("[    1.000000] hv_vmbus: registering driver hv_pci\n")


def fleet(count, out_dir):
    """`count` small VMs made from the samples, varied: each VM is one sample's capture files
    with its kernel stamps shifted and its hv_pci GUID changed, so no two VMs are equal."""
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    samples = os.path.join(here, "..", "samples")
    sources = []
    for name in sorted(os.listdir(samples)):
        d = os.path.join(samples, name)
        files = [f for f in sorted(os.listdir(d)) if f not in ("README.md", "expected.json")]
        plain = all(os.path.isfile(os.path.join(d, f)) and not f.endswith((".gz", ".xz", ".png")) for f in files)
        if plain and files and name != "fleet":
            sources.append((name, [(f, open(os.path.join(d, f), encoding="utf-8", errors="replace").read()) for f in files]))
    for n in range(count):
        name, files = sources[n % len(sources)]
        vm = os.path.join(out_dir, f"cust{n // 100:03d}", f"vm{n:05d}-{name}")
        os.makedirs(vm, exist_ok=True)
        for f, text in files:
            text = text.replace("c8b9a3f1-6f3e", f"{n:08x}-6f3e").replace("7b1e3f0a-1c2d", f"{n:08x}-1c2d")
            open(os.path.join(vm, f), "w").write(text)


def capture(out_dir):
    import os, shutil
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.join(here, "..", "samples", "gen1-hyperv-highmmio-vram")
    os.makedirs(out_dir, exist_ok=True)
    for name in ("iomem", "serial-console.log"):
        shutil.copy(os.path.join(src, name), os.path.join(out_dir, name))


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "log":
        log(int(sys.argv[2]), sys.argv[3])
    elif kind == "devices":
        devices(int(sys.argv[2]), sys.argv[3])
    elif kind == "roles":
        roles(int(sys.argv[2]), sys.argv[3])
    elif kind == "iomem":
        iomem(int(sys.argv[2]), sys.argv[3])
    elif kind == "backwards":
        backwards(int(sys.argv[2]), sys.argv[3])
    elif kind == "boots":
        boots(int(sys.argv[2]), sys.argv[3])
    elif kind == "fleet":
        fleet(int(sys.argv[2]), sys.argv[3])
    elif kind == "capture":
        capture(sys.argv[2])
    else:
        sys.exit(__doc__)
