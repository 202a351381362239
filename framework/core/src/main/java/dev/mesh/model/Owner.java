package dev.mesh.model;

/** The team that owns a data product, and how to reach it. */
public record Owner(String team, String contact) {}
