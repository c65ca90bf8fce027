/// Every rule, in id order. Adding a rule is its file, its examples, and one line here.
public enum RuleRegistry {
  public static let all: [any Rule.Type] = [
    KD001VRAMOverlap.self, KD002StaleReservation.self, KD003NoReservation.self, KD004HostRefusedMMIO.self,
    KD005LoadOrder.self, KD006VRAMDoesNotFit.self, KD007PlacementFailed.self,
    KD008ClaimInsideFramebuffer.self,
    KD009CrashKernel.self, KD010Structure.self, KD011PanicWithoutCapture.self,
    KD012PredictedNoReservation.self, KD013PredictedGen1Collision.self, KD014KdumpNotReady.self,
  ]

  public static var descriptions: [RuleDescription] { all.map { $0.description } }

  public static func rule(id: String) -> (any Rule.Type)? {
    all.first { $0.description.id == id.uppercased() }
  }

  /// Runs every rule that applies to the capture's platform; findings sorted by severity
  /// (worst first), then rule id. Without `predictions` the rules that judge the running
  /// system (`RuleDescription.predicts`) are left out: a long log's earlier segments are not it.
  public static func check(_ capture: Capture, predictions: Bool = true) -> [Finding] {
    all.filter {
      $0.description.scope.applies(to: capture.platform) && (predictions || !$0.description.predicts)
    }
    .flatMap { $0.init().check(capture) }
    .map { finding in
      var finding = finding
      finding.evidence = finding.evidence.map { capture.attribute($0) }
      return finding
    }
    .sorted { ($0.severity, $1.rule) > ($1.severity, $0.rule) }
  }
}
