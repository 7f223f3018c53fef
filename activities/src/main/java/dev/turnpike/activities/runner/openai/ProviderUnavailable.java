package dev.turnpike.activities.runner.openai;

/**
 * The provider could not answer now (429, 5xx, a broken connection, a garbled response). Thrown
 * out of the step so that Temporal retries it with backoff. Its message never holds the API key.
 */
final class ProviderUnavailable extends RuntimeException {
  ProviderUnavailable(String message) {
    super(message);
  }
}
