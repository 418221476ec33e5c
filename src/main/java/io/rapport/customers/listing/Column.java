package io.rapport.customers.listing;

import java.util.function.Function;

/** A column a user can choose for a list page; {@code sort} names the API sort key, if the column is sortable. */
public record Column<T>(String key, String label, String sort, Function<T, Cell> cell) {}
