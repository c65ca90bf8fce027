/// The version of every JSON document the tool writes (`schema_version`, docs/json.md). It
/// changes when a key is renamed or removed; keys are added without a change.
public enum JSONSchema {
  /// 2: one key convention (snake_case) across commands; `check` reports per VM.
  public static let version = 2
}
