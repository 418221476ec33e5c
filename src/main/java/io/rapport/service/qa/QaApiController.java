package io.rapport.service.qa;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.security.RecordVisibility;
import io.rapport.platform.web.Problems;
import io.rapport.service.recovery.TicketAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "QA reviews")
@RestController
class QaApiController {

    private final QaReviews reviews;
    private final TicketAccess access;

    QaApiController(QaReviews reviews, TicketAccess access) {
        this.reviews = reviews;
        this.access = access;
    }

    @Operation(summary = "QA reviews of a ticket, newest first")
    @GetMapping("/api/v1/tickets/{id}/reviews")
    List<QaReviews.Review> list(@PathVariable long id) {
        return reviews.ofTicket(CurrentUser.require(), id);
    }

    @Operation(summary = "Review a solved ticket (MANAGER, ADMIN)",
            description = "Body: {\"scores\":[{\"criterionId\":1,\"score\":4,\"comment\":\"…\"}, …], \"comment\":\"…\"}; every active criterion scored 1–5.")
    @PostMapping("/api/v1/tickets/{id}/reviews")
    ResponseEntity<QaReviews.Review> create(@PathVariable long id, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) throw Problems.malformed("Send a JSON object with 'scores'");
        JsonNode scores = body.get("scores");
        if (scores != null && !scores.isNull() && !scores.isArray()) throw Problems.invalid("scores", "must be an array");
        List<QaReviews.ScoreInput> in = new ArrayList<>();
        if (scores != null && scores.isArray()) {
            for (JsonNode s : scores) {
                JsonNode c = s.get("criterionId"), v = s.get("score"), m = s.get("comment");
                in.add(new QaReviews.ScoreInput(c != null && c.canConvertToLong() ? c.asLong() : null,
                        v != null && v.isIntegralNumber() ? v.asInt() : null, m != null && m.isString() ? m.asString() : null));
            }
        }
        JsonNode comment = body.get("comment");
        QaReviews.Review review = reviews.create(CurrentUser.require(), id, in, comment != null && comment.isString() ? comment.asString() : null);
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + id + "/reviews")).body(review);
    }

    @Operation(summary = "The reviews of the signed-in agent")
    @GetMapping("/api/v1/service/my-reviews")
    List<QaReviews.Review> mine() {
        CurrentUser user = CurrentUser.require();
        TicketAccess.requireService(user);
        return reviews.ofAgent(user.id());
    }

    @Operation(summary = "QA criteria with their weights")
    @GetMapping("/api/v1/qa-criteria")
    List<QaReviews.Criterion> criteria() {
        TicketAccess.requireService(CurrentUser.require());
        return reviews.criteria(false);
    }

    @Operation(summary = "Add a QA criterion (admin)", description = "Body: {\"name\":\"Clarity\",\"weight\":2}")
    @PostMapping("/api/v1/qa-criteria")
    ResponseEntity<QaReviews.Criterion> add(@RequestBody JsonNode body) {
        RecordVisibility.requireAdmin(CurrentUser.require());
        QaReviews.Criterion c = save(null, body);
        return ResponseEntity.created(URI.create("/api/v1/qa-criteria/" + c.id())).body(c);
    }

    @Operation(summary = "Change a QA criterion's name, weight, position or active flag (admin)")
    @PatchMapping("/api/v1/qa-criteria/{id}")
    QaReviews.Criterion change(@PathVariable long id, @RequestBody JsonNode body) {
        RecordVisibility.requireAdmin(CurrentUser.require());
        return save(id, body);
    }

    private QaReviews.Criterion save(Long id, JsonNode body) {
        if (body == null || !body.isObject()) throw Problems.malformed("Send a JSON object");
        JsonNode name = body.get("name"), weight = body.get("weight"), position = body.get("position"), active = body.get("active");
        if (weight != null && !weight.isNumber()) throw Problems.invalid("weight", "must be a number");
        if (position != null && !position.isIntegralNumber()) throw Problems.invalid("position", "must be a whole number");
        if (active != null && !active.isBoolean()) throw Problems.invalid("active", "must be true or false");
        if (name != null && !name.isString()) throw Problems.invalid("name", "must be a string");
        return reviews.saveCriterion(id, name == null ? null : name.asString(), weight == null ? null : new BigDecimal(weight.asString()),
                position == null ? null : position.asInt(), active == null ? null : active.asBoolean());
    }
}
