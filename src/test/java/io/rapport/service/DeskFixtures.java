package io.rapport.service;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tickets for the desk tests, opened through {@link TicketIntake} as every channel does. */
public record DeskFixtures(ApiFixtures fx, TicketIntake intake, JdbcClient jdbc) {

    public record Customer(long contactId, long accountId, String email) {}

    public Customer customer(String firstName, String tier) {
        String email = Api.unique("cust") + "@example.com";
        long account = fx.account(fx.admin(), "{\"name\":\"" + Api.unique("Acme") + "\"" + (tier == null ? "" : ",\"tier\":\"" + tier + "\"") + "}")
                .get("id").asLong();
        long contact = fx.contact(fx.admin(), "{\"firstName\":\"" + firstName + "\",\"lastName\":\"Tester\",\"emails\":[\"" + email
                + "\"],\"accountId\":" + account + "}").get("id").asLong();
        return new Customer(contact, account, email);
    }

    public long ticket(Customer c, String subject, String body) {
        return intake.open(new NewTicket(subject, NewTicket.Channel.EMAIL, c == null ? null : c.contactId(), null, null, null,
                null, null, List.of(), InboundMessage.text(body, c == null ? null : c.contactId())));
    }

    public String field(long ticketId, String column) {
        return jdbc.sql("select " + column + "::text from tickets where id = :id").param("id", ticketId).query(String.class).single();
    }
}
