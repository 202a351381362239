package dev.mesh.errors;

/** A product refused before it runs because it breaks a governance policy or may not read an input (kind REFUSED; exit 2 on the command line). */
public class PolicyRefusedException extends MeshException {
  public PolicyRefusedException(String message) {
    super(ErrorKind.REFUSED, message);
  }
}
