package io.rapport.sales.webforms;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Web forms")
@RestController
@RequestMapping("/api/v1/web-forms")
class WebFormApiController {

    private final WebForms forms;

    WebFormApiController(WebForms forms) {
        this.forms = forms;
    }

    @Operation(summary = "Every web form (administrators)")
    @GetMapping
    List<WebForm> list() {
        RecordVisibility.requireAdmin(CurrentUser.require());
        return forms.all();
    }

    @GetMapping("/{id}")
    ResponseEntity<WebForm> get(@PathVariable long id) {
        RecordVisibility.requireAdmin(CurrentUser.require());
        WebForm form = forms.get(id);
        return ResponseEntity.ok().eTag("\"" + form.version() + "\"").body(form);
    }

    @Operation(summary = "Build a web form", description = "{name, fields: [{field, required}], consentText?, thankYouText?, "
            + "source?, campaign?, teamId?}. Posts go to POST /forms/{publicKey}.")
    @PostMapping
    ResponseEntity<WebForm> create(@RequestBody JsonNode body) {
        WebForm form = forms.create(CurrentUser.require(), body);
        return ResponseEntity.created(URI.create("/api/v1/web-forms/" + form.id())).eTag("\"" + form.version() + "\"").body(form);
    }

    @PatchMapping("/{id}")
    ResponseEntity<WebForm> update(@PathVariable long id, @RequestBody JsonNode body,
                                   @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        WebForm form = forms.update(CurrentUser.require(), id, body, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag("\"" + form.version() + "\"").body(form);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        forms.delete(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
