package io.rapport.sales.forecast;

import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.sales.pipelines.Pipelines;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The forecast page: a bar per month (pipeline, weighted, committed, won) and the table by owner or team. */
@Controller
class ForecastPageController {

    /** One month of the chart in one currency, with bar heights in percent of the tallest bar. */
    record MonthBars(YearMonth month, BigDecimal pipeline, BigDecimal weighted, BigDecimal committed, BigDecimal won) {}

    private final Forecast forecast;
    private final Pipelines pipelines;

    ForecastPageController(Forecast forecast, Pipelines pipelines) {
        this.forecast = forecast;
        this.pipelines = pipelines;
    }

    @GetMapping("/forecast")
    String page(@RequestParam(required = false) String groupBy, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) Long pipeline,
                @RequestParam(required = false) String currency, Model model) {
        model.addAttribute("pipelines", pipelines.all(false));
        try {
            Forecast.Result result = forecast.of(CurrentUser.require(), groupBy, from, to, pipeline);
            List<String> currencies = result.cells().stream().map(Forecast.Cell::currency).distinct().sorted().toList();
            String shown = currency != null && currencies.contains(currency) ? currency
                    : currencies.contains("EUR") ? "EUR" : currencies.isEmpty() ? "EUR" : currencies.getFirst();
            Map<YearMonth, BigDecimal[]> byMonth = new LinkedHashMap<>();
            for (YearMonth m = result.from(); !m.isAfter(result.to()); m = m.plusMonths(1)) {
                byMonth.put(m, new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            }
            for (Forecast.Cell c : result.cells()) {
                if (!c.currency().equals(shown)) continue;
                BigDecimal[] v = byMonth.get(c.month());
                if (v == null) continue;
                v[0] = v[0].add(c.pipeline());
                v[1] = v[1].add(c.weighted());
                v[2] = v[2].add(c.committed());
                v[3] = v[3].add(c.won());
            }
            List<MonthBars> bars = new ArrayList<>();
            BigDecimal max = BigDecimal.ONE;
            for (var e : byMonth.entrySet()) {
                BigDecimal[] v = e.getValue();
                bars.add(new MonthBars(e.getKey(), v[0], v[1], v[2], v[3]));
                for (BigDecimal x : v) if (x.compareTo(max) > 0) max = x;
            }
            model.addAttribute("result", result);
            model.addAttribute("bars", bars);
            model.addAttribute("max", max);
            model.addAttribute("currencies", currencies);
            model.addAttribute("currency", shown);
            model.addAttribute("rows", result.cells().stream().filter(c -> c.currency().equals(shown)).toList());
        } catch (ApiProblem problem) {
            model.addAttribute("error", problem.getMessage());
        }
        model.addAttribute("groupBy", groupBy == null ? "owner" : groupBy);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("pipelineId", pipeline);
        model.addAttribute("committedProbability", Forecast.COMMITTED_PROBABILITY);
        return "sales/forecast";
    }
}
