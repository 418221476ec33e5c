package io.rapport.sales.deals;

import io.rapport.platform.web.Problems;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opens a deal in its pipeline's stage and writes the first stage-history row. Shared by the deal API and lead
 * conversion, so both place a new deal the same way.
 */
@Service
public class DealOpening {

    private final JdbcClient jdbc;

    public DealOpening(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public long open(NewDeal deal, Long openedBy) {
        long pipelineId = deal.pipelineId() != null ? deal.pipelineId() : defaultPipeline();
        long stageId = deal.stageId() != null ? deal.stageId() : firstStage(pipelineId);
        String outcome = jdbc.sql("select outcome from pipeline_stages where id = :stage and pipeline_id = :pipeline")
                .param("stage", stageId).param("pipeline", pipelineId)
                .query(String.class).optional()
                .orElseThrow(() -> Problems.invalid("stageId", "is not a stage of pipeline " + pipelineId));
        long id = jdbc.sql("""
                        insert into deals (name, pipeline_id, stage_id, amount, currency, close_date, status, owner_id,
                                           team_id, account_id, lead_id, closed_at)
                        values (:name, :pipeline, :stage, :amount, :currency, :closeDate, :status, :owner, :team,
                                :account, :lead, case when :status = 'OPEN' then null else now() end)
                        returning id""")
                .param("name", deal.name()).param("pipeline", pipelineId).param("stage", stageId)
                .param("amount", deal.amount() == null ? java.math.BigDecimal.ZERO : deal.amount())
                .param("currency", deal.currency()).param("closeDate", deal.closeDate()).param("status", outcome)
                .param("owner", deal.ownerId()).param("team", deal.teamId()).param("account", deal.accountId())
                .param("lead", deal.leadId())
                .query(Long.class).single();
        jdbc.sql("insert into deal_stage_history (deal_id, from_stage, to_stage, changed_by) values (:deal, null, :stage, :by)")
                .param("deal", id).param("stage", stageId).param("by", openedBy).update();
        for (Long contactId : deal.contactIds() == null ? List.<Long>of() : deal.contactIds()) {
            jdbc.sql("insert into deal_contacts (deal_id, contact_id) values (:deal, :contact) on conflict do nothing")
                    .param("deal", id).param("contact", contactId).update();
        }
        return id;
    }

    private long defaultPipeline() {
        return jdbc.sql("select id from pipelines where not archived order by is_default desc, position, id limit 1")
                .query(Long.class).optional()
                .orElseThrow(() -> Problems.invalid("pipelineId", "no pipeline exists yet; create one first"));
    }

    private long firstStage(long pipelineId) {
        return jdbc.sql("select id from pipeline_stages where pipeline_id = :pipeline order by position, id limit 1")
                .param("pipeline", pipelineId).query(Long.class).optional()
                .orElseThrow(() -> Problems.invalid("pipelineId", "pipeline " + pipelineId + " has no stages"));
    }
}
