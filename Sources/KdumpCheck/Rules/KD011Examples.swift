enum KD011Examples {
  static let triggering = [
    RuleExample(
      "a panic that reboots after the timeout",
      files: [
        (
          "serial-console.log",
          """
          [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02-amd64-031) #35-Ubuntu SMP
          [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-1030-azure root=/dev/sda1 crashkernel=512M panic=10
          ↓[  301.118211] sysrq: Trigger a crash
          [  301.118400] Kernel panic - not syncing: sysrq triggered crash
          [  301.120000] Rebooting in 10 seconds..
          [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02-amd64-031) #35-Ubuntu SMP
          """
        )
      ], severity: .error),
    RuleExample(
      "a panic that halts",
      files: [
        (
          "serial-console.log",
          """
          [    0.000000] Linux version 5.15.0-1102-azure (buildd@lcy02-amd64-010) #111-Ubuntu SMP
          ↓[  812.000100] Kernel panic - not syncing: Fatal exception
          [  812.000900] ---[ end Kernel panic - not syncing: Fatal exception ]---
          """
        )
      ], severity: .error),
  ]

  static let nonTriggering = [
    RuleExample(
      "a panic the kdump kernel took over",
      files: [
        (
          "serial-console.log",
          """
          [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02-amd64-031) #35-Ubuntu SMP
          [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-1030-azure root=/dev/sda1 crashkernel=512M
          [  301.118211] sysrq: Trigger a crash
          [  301.118400] Kernel panic - not syncing: sysrq triggered crash
          [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02-amd64-031) #35-Ubuntu SMP
          [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.0-1030-azure root=/dev/sda1 elfcorehdr=0xd6000000 irqpoll nr_cpus=1 reset_devices
          [    9.400000] reboot: Restarting system
          """
        )
      ])
  ]
}
