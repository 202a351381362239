package dev.mesh.errors;

/** A product refused before it runs because it breaks a governance policy or may not read an input (exit 2). */
public class PolicyRefusedException extends MeshException {
  public PolicyRefusedException(String message) {
    super(ExitCode.BAD_USAGE_OR_CONFIG, message);
  }
}
