package io.rapport.customers.merging;

import io.rapport.platform.audit.AuditLog;
import io.rapport.platform.audit.FieldChange;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The audit trail of a merge and of its undo, one entry on each record, the same for contacts and accounts. */
@Component
public class MergeAudit {

    /** A record as the audit sees it: id, display name and field values. */
    public record Side(long id, String name, Map<String, Object> snapshot) {}

    private final AuditLog audit;

    MergeAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** {@code type} as stored (CONTACT), {@code noun} as read (contact). */
    public void merged(String type, String noun, Side survivorBefore, Side survivorAfter, Side other) {
        audit.record("MERGE", type, survivorBefore.id(), "Merged " + noun + " " + other.name() + " (" + other.id() + ") into "
                + survivorAfter.name(), FieldChange.between(survivorBefore.snapshot(), survivorAfter.snapshot()));
        audit.record("MERGE", type, other.id(), "Merged into " + noun + " " + survivorAfter.name() + " (" + survivorBefore.id() + ")",
                FieldChange.of(other.snapshot(), false));
    }

    /** {@code restored} is null when the restored record is not visible to the user who undid the merge. */
    public void undone(String type, Merge merge, Side survivorBefore, Side survivorNow, Side restored) {
        audit.record("UNMERGE", type, merge.survivorId(), "Undid merge of " + merge.mergedName() + " (" + merge.mergedId() + ")",
                FieldChange.between(survivorBefore.snapshot(), survivorNow.snapshot()));
        audit.record("RESTORE", type, merge.mergedId(), "Restored by undoing merge " + merge.id(),
                restored == null ? Map.of() : FieldChange.of(restored.snapshot(), true));
    }
}
