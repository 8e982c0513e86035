package org.dpop4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dpop4j.demo.Narration.Outcome;
import org.dpop4j.demo.Narration.Step;
import org.junit.jupiter.api.Test;

/** The narrated flow, in-process on free ports: every step ends as RFC 9449 says it must. */
class NarrationTest {

  @Test
  void everyStepOfTheStoryHasTheOutcomeDpopPromises() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Narration.Result result;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      result = Narration.tell(ServerKey.software(), out);
    }

    Map<String, List<Outcome>> outcomes =
        result.steps().stream().collect(Collectors.toMap(Step::id, Step::actual));
    assertThat(result.steps()).extracting(Step::id)
        .containsExactly("key", "token", "api", "replay", "stolen-token", "bearer", "nonce");
    assertThat(outcomes.get("key")).isEmpty();
    assertThat(outcomes.get("token")).containsExactly(accepted());
    assertThat(outcomes.get("api")).containsExactly(accepted(), accepted());
    assertThat(outcomes.get("replay")).containsExactly(refused(401, "invalid_dpop_proof"));
    assertThat(outcomes.get("stolen-token")).containsExactly(refused(401, "invalid_dpop_proof"));
    assertThat(outcomes.get("bearer")).containsExactly(refused(401, "invalid_token"));
    assertThat(outcomes.get("nonce"))
        .containsExactly(refused(400, "use_dpop_nonce"), accepted(), accepted());
    assertThat(result.steps()).allSatisfy(step -> assertThat(step.problems()).isEmpty());
    assertThat(result.complete()).isTrue();
    assertThat(result.succeeded()).isTrue();

    String story = printed.toString(StandardCharsets.UTF_8);
    assertThat(story)
        .contains("GET /api/hello [DPoP token, proof] -> 401 invalid_dpop_proof: DPoP proof has"
            + " already been used")
        .contains("GET /api/hello [Bearer token, no proof] -> 401 invalid_token")
        .contains("POST /token [proof] -> 400 use_dpop_nonce")
        .contains("POST /token [proof with nonce] -> 200")
        .contains("All 7 steps behaved as expected.");
  }

  private static Outcome accepted() {
    return Outcome.accepted();
  }

  private static Outcome refused(int status, String error) {
    return Outcome.refused(status, error);
  }
}
