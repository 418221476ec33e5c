package io.rapport.service.macros;

import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Response guidelines")
@RestController
class GuidelineApiController {

    private final ResponseGuidelines guidelines;

    GuidelineApiController(ResponseGuidelines guidelines) {
        this.guidelines = guidelines;
    }

    @Operation(summary = "Response guidelines per ticket type")
    @GetMapping("/api/v1/response-guidelines")
    Map<String, List<ResponseGuidelines.Guideline>> list() {
        return Map.of("items", guidelines.all(CurrentUser.require()));
    }

    @Operation(summary = "Write the guideline of a ticket type (admin)", description = "Body: {\"body\": \"…\"}; a blank body removes it (204).")
    @PutMapping("/api/v1/response-guidelines/{type}")
    ResponseEntity<ResponseGuidelines.Guideline> put(@PathVariable String type, @RequestBody JsonNode body) {
        return guidelines.put(CurrentUser.require(), type, body).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }
}
