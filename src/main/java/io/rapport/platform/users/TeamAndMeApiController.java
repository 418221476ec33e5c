package io.rapport.platform.users;

import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Users")
@RestController
class TeamAndMeApiController {

    record TeamRequest(String name) {}

    record TeamList(List<Team> items, String nextCursor) {}

    private final UserDirectory directory;
    private final UserAdministration administration;

    TeamAndMeApiController(UserDirectory directory, UserAdministration administration) {
        this.directory = directory;
        this.administration = administration;
    }

    /** Who the token belongs to. */
    @GetMapping("/api/v1/me")
    CurrentUser me() {
        return CurrentUser.require();
    }

    @GetMapping("/api/v1/teams")
    TeamList teams() {
        return new TeamList(directory.teams(), null);
    }

    @PostMapping("/api/v1/teams")
    ResponseEntity<Team> createTeam(@RequestBody TeamRequest body) {
        Team team = administration.createTeam(CurrentUser.require(), body.name());
        return ResponseEntity.created(URI.create("/api/v1/teams/" + team.id())).body(team);
    }
}
