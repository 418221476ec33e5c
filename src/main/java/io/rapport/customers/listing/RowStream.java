package io.rapport.customers.listing;

import java.util.function.Consumer;

/** Every row of a list, in its order, handed over one at a time so that no list is held in memory. */
@FunctionalInterface
public interface RowStream<T> {

    /** Hands every row to {@code each} and returns how many there were. */
    long forEach(Consumer<? super T> each);
}
