package io.rapport.customers.accounts;

import io.rapport.customers.merging.MergeTables;
import io.rapport.customers.merging.MoveLedger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Which rows an account merge re-pointed, per table, so its undo can move exactly those rows back. */
@Service
public class AccountMergeLedger extends MoveLedger {

    AccountMergeLedger(JdbcClient jdbc) {
        super(jdbc, MergeTables.ACCOUNTS);
    }
}
