package io.rapport.customers.views;

import io.rapport.customers.customfields.EntityKind;

/** A named list view: the list page's query string (filters, sort, columns), private or shared with everyone. */
public record SavedView(long id, long ownerId, String ownerName, EntityKind entity, String name, boolean shared, String query) {}
