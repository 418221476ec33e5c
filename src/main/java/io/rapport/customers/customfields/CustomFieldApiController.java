package io.rapport.customers.customfields;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.Problems;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Custom fields")
@RestController
@RequestMapping("/api/v1/custom-fields")
class CustomFieldApiController {

    record FieldChangeRequest(String label, List<String> options, Boolean required, Integer position, Integer version) {}

    record FieldList(List<CustomField> items, String nextCursor) {}

    private final CustomFields fields;

    CustomFieldApiController(CustomFields fields) {
        this.fields = fields;
    }

    /** A CRM has tens of custom fields, not thousands: one page holds them all. */
    @GetMapping
    FieldList list(@RequestParam(required = false) EntityKind entity) {
        return new FieldList(entity == null ? fields.all() : fields.of(entity), null);
    }

    @GetMapping("/{id}")
    CustomField get(@PathVariable long id) {
        return fields.find(id).orElseThrow(() -> Problems.notFound("Custom field", id));
    }

    @PostMapping
    ResponseEntity<CustomField> define(@RequestBody CustomFields.Definition body) {
        CustomField created = fields.define(CurrentUser.require(), body);
        return ResponseEntity.created(URI.create("/api/v1/custom-fields/" + created.id())).body(created);
    }

    @PatchMapping("/{id}")
    CustomField change(@PathVariable long id, @RequestBody FieldChangeRequest body) {
        return fields.change(CurrentUser.require(), id, body.label(), body.options(), body.required(), body.position(), body.version());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> remove(@PathVariable long id) {
        fields.remove(CurrentUser.require(), id);
        return ResponseEntity.noContent().build();
    }
}
