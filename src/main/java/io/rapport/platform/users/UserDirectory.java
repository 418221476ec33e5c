package io.rapport.platform.users;

import io.rapport.platform.web.PageResult;
import io.rapport.platform.web.Problems;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Read access to users and teams for every module (owner pickers, owner names, team of an owner). */
@Service
public class UserDirectory {

    private final UserRepository users;

    UserDirectory(UserRepository users) {
        this.users = users;
    }

    public Optional<UserAccount> find(long id) {
        return users.findById(id);
    }

    public UserAccount require(long id) {
        return users.findById(id).orElseThrow(() -> Problems.notFound("User", id));
    }

    public Optional<UserAccount> findByEmail(String email) {
        return users.findByEmail(email);
    }

    public PageResult<UserAccount> page(Long afterId, int limit, String q) {
        List<UserAccount> rows = users.page(afterId, limit + 1, q == null || q.isBlank() ? null : q.trim());
        boolean more = rows.size() > limit;
        List<UserAccount> items = more ? rows.subList(0, limit) : rows;
        return new PageResult<>(items, more ? String.valueOf(items.getLast().id()) : null);
    }

    /** Active users, for owner pickers; a CRM of fifty people fits one page. */
    public List<UserAccount> activeUsers() {
        return users.page(null, 1000, null).stream().filter(UserAccount::active).toList();
    }

    public List<Team> teams() {
        return users.teams();
    }

    public long count() {
        return users.count();
    }
}
