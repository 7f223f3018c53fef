package dev.turnpike.activities.runner.openai;

/** The provider refused the request (a 4xx other than 429): retrying would not help. */
final class ProviderRefused extends Exception {
  ProviderRefused(String message) {
    super(message);
  }
}
