package io.rapport.service.intake;

import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Support form")
@RestController
class SupportFormSettingsApiController {

    private final SupportFormSettings settings;

    SupportFormSettingsApiController(SupportFormSettings settings) {
        this.settings = settings;
    }

    @Operation(summary = "Who owns contacts the public support form creates (administrators)")
    @GetMapping("/api/v1/support-form/settings")
    SupportFormSettings.Settings get() {
        return settings.get(CurrentUser.require());
    }

    @Operation(summary = "Set the owner and team of contacts the support form creates",
            description = "{contactOwnerId, contactTeamId, version}: null clears; a stale version is 409, none 428.")
    @PutMapping("/api/v1/support-form/settings")
    SupportFormSettings.Settings put(@RequestBody JsonNode body) {
        return settings.update(CurrentUser.require(), body);
    }
}
