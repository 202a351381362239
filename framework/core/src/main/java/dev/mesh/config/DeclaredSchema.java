package dev.mesh.config;

import dev.mesh.errors.MeshErrors;
import dev.mesh.model.SchemaContract;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A product's schema as its file declares it: the contract (the columns that parsed) and the name of every column
 * declared, including those whose declaration has a problem. The other parts of the declaration (output keys, rules)
 * name columns; a column declared with a bad type is reported once, at its type, and not again wherever it is named.
 */
record DeclaredSchema(SchemaContract contract, Set<String> names) {
  DeclaredSchema {
    names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Whether {@code column} is named nowhere in the schema. Nothing is, when the schema itself is missing or broken
   * (a problem reported there): no column reference is checked against it then.
   */
  boolean lacks(String column) {
    return !names.isEmpty() && !names.contains(column.toLowerCase(Locale.ROOT));
  }

  /**
   * The problem of a reference to a column the schema {@link #lacks}, with the declared columns closest to it: {@code
   * column 'order_kee' is not in the product's schema (did you mean 'order_key'?)}.
   */
  String notDeclared(String column) {
    List<String> close = MeshErrors.closest(column.toLowerCase(Locale.ROOT), names);
    return "column '" + column + "' is not in the product's schema"
        + (close.isEmpty() ? "" : " (did you mean " + close.stream().map(c -> "'" + c + "'").collect(Collectors.joining(" or ")) + "?)");
  }
}
