package io.rapport.analytics.rfm;

import io.rapport.analytics.jobs.AnalyticsJobs;
import io.rapport.platform.security.CurrentUser;
import io.rapport.platform.web.ApiProblem;
import io.rapport.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/** The RFM page: the R × FM grid, the segments, a segment's customers and saving it as a list. */
@Controller
class RfmController {

    private final Rfm rfm;
    private final RfmApiController api;
    private final AnalyticsJobs jobs;

    RfmController(Rfm rfm, RfmApiController api, AnalyticsJobs jobs) {
        this.rfm = rfm;
        this.api = api;
        this.jobs = jobs;
    }

    @GetMapping("/analytics/rfm.csv")
    ResponseEntity<byte[]> csv() {
        return api.csv();
    }

    @GetMapping("/analytics/rfm")
    String page(@RequestParam(required = false) String segment, @RequestParam(required = false) Long job, Model model) {
        CurrentUser user = CurrentUser.require();
        if (job != null) {
            try {
                model.addAttribute("job", jobs.visible(user, job));
            } catch (ApiProblem p) {
                // an old or foreign job id in the address: show the page without it
            }
        }
        Rfm.Summary s = rfm.summary(user);
        model.addAttribute("summary", s);
        long max = 1;
        for (long[] row : s.grid()) for (long v : row) max = Math.max(max, v);
        model.addAttribute("gridMax", max);
        model.addAttribute("segments", RfmSegment.values());
        if (segment != null && !segment.isBlank()) {
            try {
                RfmSegment seg = RfmSegment.parse("segment", segment);
                model.addAttribute("selected", seg);
                model.addAttribute("customers", rfm.customers(user, seg, 100, 0));
            } catch (ApiProblem p) {
                model.addAttribute("error", "Unknown segment '" + segment + "'");
            }
        }
        return "analytics/rfm";
    }

    @PostMapping("/analytics/rfm/segments/{segment}/list")
    String savePage(@PathVariable String segment, @RequestParam(required = false) String tag, RedirectAttributes redirect) {
        RfmSegment seg = RfmSegment.parse("segment", segment);
        try {
            AnalyticsJobs.Job job = api.save(seg, tag == null || tag.isBlank() ? null : tag);
            return "redirect:/analytics/rfm?segment=" + seg.key() + "&job=" + job.id();
        } catch (ApiProblem p) {
            if (p.status().value() == 403) throw p;
            redirect.addFlashAttribute("error", p.getMessage());
        }
        return "redirect:/analytics/rfm?segment=" + seg.key();
    }

    @PostMapping("/analytics/rfm/refresh")
    String refreshPage() {
        AnalyticsJobs.Job job = rfm.refresh(CurrentUser.require());
        return "redirect:/analytics/rfm?job=" + job.id();
    }

    /** The grid cell's segment, for the page. */
    public static RfmSegment cell(int r, int fm) {
        return RfmSegment.of(r, fm);
    }

}
