package io.rapport.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.Api;
import io.rapport.support.ApiFixtures;
import io.rapport.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class AccountContactCountTest {

    @LocalServerPort
    int port;

    @Test
    void anAccountsContactCountIncludesOnlyContactsTheUserMaySee() {
        Api api = new Api(port);
        String admin = api.adminToken();
        ApiFixtures fx = new ApiFixtures(api, admin);
        ApiFixtures.User seller = fx.user("SALES", null);
        ApiFixtures.User otherSeller = fx.user("SALES", null);
        long account = fx.account(Api.unique("Counted"), "counted", seller.id()).get("id").asLong();
        fx.contact(admin, "{\"lastName\":\"Mine\",\"accountId\":%d,\"ownerId\":%d}".formatted(account, seller.id()));
        fx.contact(admin, "{\"lastName\":\"Theirs\",\"accountId\":%d,\"ownerId\":%d}".formatted(account, otherSeller.id()));

        assertThat(api.get("/api/v1/accounts/" + account, admin).json().get("contactCount").asLong()).isEqualTo(2);
        assertThat(api.get("/api/v1/accounts/" + account, seller.token()).json().get("contactCount").asLong()).isEqualTo(1);
        var listed = api.get("/api/v1/accounts?tag=counted&q=counted", seller.token()).json().get("items");
        assertThat(listed).anySatisfy(a -> {
            assertThat(a.get("id").asLong()).isEqualTo(account);
            assertThat(a.get("contactCount").asLong()).isEqualTo(1);
        });
    }
}
