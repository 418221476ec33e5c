package io.rapport.service.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import tools.jackson.databind.JsonNode;

/** Tickets through the API, for tests. */
public record TicketFixtures(Api api, ApiFixtures fx) {

    public JsonNode ticket(String token, String json) {
        Api.Response r = api.post("/api/v1/tickets", token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** A ticket by the admin for a new contact, with the given extra JSON fields (e.g. "\"teamId\":1,"). */
    public JsonNode ticket(String extra) {
        long contact = fx.contact(Api.unique("Req"), "tickets", null).get("id").asLong();
        return ticket(fx.admin(), "{" + extra + "\"subject\":\"Printer on fire\",\"body\":\"Help!\",\"requesterId\":" + contact + "}");
    }

    public JsonNode get(long id) {
        return api.get("/api/v1/tickets/" + id, fx.admin()).json();
    }
}
