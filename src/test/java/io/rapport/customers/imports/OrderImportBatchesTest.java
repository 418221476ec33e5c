package io.rapport.customers.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.support.Api;
import io.rapport.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The order import (commerce) run in tiny batches: one order's lines span several batches and still make one order. */
@IntegrationTest
class OrderImportBatchesTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ImportJobs jobs;
    @Autowired
    ImportRepository repository;
    @Autowired
    ImportRunner runner;

    @Test
    void linesOfOneOrderAcrossBatchesMakeOneOrderWithTheFullTotal() {
        Api api = new Api(port);
        CurrentUser admin = new CurrentUser(api.userId(api.adminToken()), "admin@test.rapport", "Admin", Role.ADMIN, null);
        String tag = Api.unique("B");
        StringBuilder csv = new StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
        for (int i = 1; i <= 5; i++) {
            csv.append("O-").append(tag).append(",S").append(i).append('-').append(tag).append(",Item ").append(i)
                    .append(',').append(i).append(",2011-01-01 10:00:00,1.50,C-").append(tag).append('\n');
        }
        csv.append("P-").append(tag).append(",S1-").append(tag).append(",Item 1,1,2011-01-02 10:00:00,,C-").append(tag).append('\n');
        Import uploaded = jobs.upload(admin, "ORDER", "batches.csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        repository.queue(uploaded.id(), jobs.autoMatch(uploaded), DuplicatePolicy.SKIP,
                Map.of("createMissingProducts", "true", "createMissingContacts", "true", "currency", "EUR"));
        runner.run(uploaded.id(), 2, ImportRunner.BatchHook.NONE);

        Import done = repository.find(uploaded.id()).orElseThrow();
        assertThat(done.status()).as(done.failure()).isEqualTo(Import.Status.COMPLETED);
        assertThat(done.created()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from order_lines l join orders o on o.id = l.order_id where o.number = :n")
                .param("n", "O-" + tag).query(Long.class).single()).isEqualTo(5);
        assertThat(jdbc.sql("select total from orders where number = :n").param("n", "O-" + tag).query(BigDecimal.class).single())
                .isEqualByComparingTo("22.50");
        // the second order's line had no price: the product created from the first rows has one
        assertThat(jdbc.sql("select total from orders where number = :n").param("n", "P-" + tag).query(BigDecimal.class).single())
                .isEqualByComparingTo("1.50");
        assertThat(jdbc.sql("select count(distinct contact_id) from orders where number in (:a, :b)")
                .param("a", "O-" + tag).param("b", "P-" + tag).query(Long.class).single()).isEqualTo(1);
    }
}
