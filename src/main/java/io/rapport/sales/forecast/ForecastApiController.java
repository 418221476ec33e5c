package io.rapport.sales.forecast;

import io.rapport.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Forecast")
@RestController
class ForecastApiController {

    private final Forecast forecast;

    ForecastApiController(Forecast forecast) {
        this.forecast = forecast;
    }

    @Operation(summary = "Forecast by owner or team and close month",
            description = "from/to: months (YYYY-MM, inclusive; default: two months ago to nine months ahead). Per cell: pipeline "
                    + "(open amount), weighted (open amount × stage probability), committed (open amount in stages with probability "
                    + "≥ 75%), won; per group and overall: win rate (won ÷ closed, percent) and average sales cycle (days from "
                    + "creation to won). Amounts are per currency. SALES and AGENT see their own and their team's deals.")
    @GetMapping("/api/v1/forecast")
    Forecast.Result get(@RequestParam(required = false) String groupBy, @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to, @RequestParam(required = false) Long pipeline) {
        return forecast.of(CurrentUser.require(), groupBy, from, to, pipeline);
    }
}
