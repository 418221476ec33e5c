package io.rapport.sales.deals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What it takes to open a deal. A null {@code pipelineId} means the default pipeline; a null {@code stageId}
 * means its first stage.
 */
public record NewDeal(String name, Long pipelineId, Long stageId, BigDecimal amount, String currency,
                      LocalDate closeDate, Long ownerId, Long teamId, Long accountId, List<Long> contactIds,
                      Long leadId) {}
