#!/usr/bin/env python3
"""The reference peer: Red Hat Insights' dmesg parser (insights-core DmesgLineList) on the same
log, answering the same questions with its get / get_after look-ups.

usage: insights_peer.py LOG
"""
import sys

from insights.parsers.dmesg import DmesgLineList
from insights.tests import context_wrap

LITERALS = ["hv_vmbus", "hv_pci", "BIOS-e820", "BAR ", "Command line:", "efifb:", "crashkernel", "PCI host bridge"]

with open(sys.argv[1], errors="replace") as f:
    content = f.read()
dmesg = DmesgLineList(context_wrap(content))
found = sum(len(dmesg.get(literal)) for literal in LITERALS)
after = len(list(dmesg.get_after(1.0, "hv_vmbus")))
print(found, after)
