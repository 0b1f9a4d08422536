package io.fullspectrum.runners;

import io.fullspectrum.schemas.JsonFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the submitting side asks a Flink session cluster's REST endpoint before it submits. */
final class FlinkRest {

  private FlinkRest() {}

  /**
   * The cluster's task slots (all TaskManagers together).
   *
   * @throws IllegalArgumentException naming the address when no cluster answers there, or it has no slot
   */
  static int totalSlots(String master) {
    String url = "http://" + master + "/overview";
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      com.fasterxml.jackson.databind.JsonNode total = null;
      if (r.statusCode() == 200) {
        try {
          total = JsonFiles.parse(r.body(), url).get("slots-total");
        } catch (IOException e) {
          total = null;
        }
      }
      if (total == null || !total.canConvertToInt()) {
        throw new IllegalArgumentException("flinkMaster=" + master + ": " + url + " answered " + r.statusCode()
            + ", not a Flink JobManager's overview");
      }
      int slots = total.asInt();
      if (slots == 0) {
        throw new IllegalArgumentException("flinkMaster=" + master + ": the Flink cluster has no TaskManager slot");
      }
      return slots;
    } catch (IOException e) {
      throw new IllegalArgumentException("flinkMaster=" + master + ": no Flink cluster answers at " + url + " ("
          + e.getClass().getSimpleName() + "); start one with infra/flink/start-cluster.sh", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + url, e);
    }
  }
}
