package io.rapport.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class TicketIntakeTest {

    @Autowired
    TicketIntake intake;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aCustomerAnswerReopensATicketPendingOnThemAndLeavesOthersAlone() {
        long pending = open("Waiting on the customer");
        jdbc.sql("update tickets set status = 'PENDING' where id = :id").param("id", pending).update();
        long onHold = open("On hold with us");
        jdbc.sql("update tickets set status = 'ON_HOLD' where id = :id").param("id", onHold).update();

        intake.addCustomerMessage(pending, NewTicket.Channel.API, InboundMessage.text("Here is the log you asked for", null));
        intake.addCustomerMessage(onHold, NewTicket.Channel.API, InboundMessage.text("Any news?", null));

        assertThat(status(pending)).isEqualTo("OPEN");
        assertThat(jdbc.sql("select to_status from ticket_status_history where ticket_id = :id order by id")
                .param("id", pending).query(String.class).list()).containsExactly("NEW", "OPEN");
        assertThat(status(onHold)).isEqualTo("ON_HOLD");
        assertThat(jdbc.sql("select count(*) from ticket_messages where ticket_id in (:a, :b)")
                .param("a", pending).param("b", onHold).query(Long.class).single()).isEqualTo(4);
    }

    private long open(String subject) {
        return intake.open(new NewTicket(subject, NewTicket.Channel.API, null, null, null, null, null, null, List.of(),
                InboundMessage.text("First words", null)));
    }

    private String status(long id) {
        return jdbc.sql("select status from tickets where id = :id").param("id", id).query(String.class).single();
    }
}
