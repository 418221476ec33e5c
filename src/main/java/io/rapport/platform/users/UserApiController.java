package io.rapport.platform.users;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.Role;
import io.rapport.platform.web.ETags;
import io.rapport.platform.web.Idempotency;
import io.rapport.platform.web.PageLimit;
import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Users")
@RestController
@RequestMapping("/api/v1/users")
class UserApiController {

    record UserView(long id, String email, String name, Role role, Long teamId, String teamName, boolean active,
                    Instant createdAt, Instant updatedAt, int version) {
        static UserView of(UserAccount u) {
            return new UserView(u.id(), u.email(), u.name(), u.role(), u.teamId(), u.teamName(), u.active(), u.createdAt(),
                    u.updatedAt(), u.version());
        }
    }

    record CreatedUser(UserView user, String temporaryPassword) {}

    private final UserDirectory directory;
    private final UserAdministration administration;
    private final Idempotency idempotency;

    UserApiController(UserDirectory directory, UserAdministration administration, Idempotency idempotency) {
        this.directory = directory;
        this.administration = administration;
        this.idempotency = idempotency;
    }

    @GetMapping
    PageResult<UserView> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                              @RequestParam(required = false) String q) {
        Long after = null;
        if (cursor != null) {
            try {
                after = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw Problems.invalid("cursor", "not a cursor returned by this API");
            }
        }
        PageResult<UserAccount> page = directory.page(after, PageLimit.of(limit), q);
        return new PageResult<>(page.items().stream().map(UserView::of).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    ResponseEntity<UserView> get(@PathVariable long id) {
        UserAccount user = directory.require(id);
        return ResponseEntity.ok().eTag("\"" + user.version() + "\"").body(UserView.of(user));
    }

    @PostMapping
    ResponseEntity<?> create(@RequestBody UserAdministration.NewUser body,
                             @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        CurrentUser actor = CurrentUser.require();
        return idempotency.once(actor, key, "POST /api/v1/users", () -> {
            var created = administration.create(actor, body);
            return ResponseEntity.created(URI.create("/api/v1/users/" + created.user().id()))
                    .body(new CreatedUser(UserView.of(created.user()), created.temporaryPassword()));
        });
    }

    @PatchMapping("/{id}")
    ResponseEntity<UserView> update(@PathVariable long id, @RequestBody UserAdministration.UserChange body,
                                    @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        UserAccount updated = administration.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + updated.version() + "\"").body(UserView.of(updated));
    }

    /** Users are never erased (their history stays attributable); DELETE deactivates. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> deactivate(@PathVariable long id) {
        administration.deactivate(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
