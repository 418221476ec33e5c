package io.rapport.service.recovery;

import java.math.BigDecimal;
import java.time.Instant;

/** One recorded step of a complaint's recovery: who did it, when, and what it carried. */
public record RecoveryStep(long id, String step, String note, String correctiveAction, String compensationType,
                           BigDecimal compensationValue, String currency, Long doneBy, String doneByName, Instant doneAt) {

    /** The step's name for people ("Corrective action"). */
    public String label() {
        return Kind.valueOf(step).label;
    }

    /** The steps in the order a recovery takes them. */
    public enum Kind {
        ACKNOWLEDGED("Acknowledged"), APOLOGISED("Apologised"), CORRECTIVE_ACTION("Corrective action"),
        COMPENSATION("Compensation"), FOLLOW_UP("Follow-up");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }
}
