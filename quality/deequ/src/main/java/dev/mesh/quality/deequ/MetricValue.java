package dev.mesh.quality.deequ;

/** A metric read back from Deequ: its value, or why there is none. */
record MetricValue(Double value, String problem) {

  static MetricValue of(double value) {
    return new MetricValue(value, null);
  }

  static MetricValue missing(String problem) {
    return new MetricValue(null, problem);
  }

  boolean present() {
    return value != null;
  }
}
