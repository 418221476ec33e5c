package io.rapport.customers.contacts;

import io.rapport.customers.merging.MergeTables;
import io.rapport.customers.merging.MoveLedger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Which rows a contact merge re-pointed, per table, so its undo can move exactly those rows back. */
@Service
public class MergeLedger extends MoveLedger {

    MergeLedger(JdbcClient jdbc) {
        super(jdbc, MergeTables.CONTACTS);
    }
}
