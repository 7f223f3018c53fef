package dev.turnpike.api.workspace;

import dev.turnpike.api.auth.Caller;
import dev.turnpike.api.http.ApiException;
import io.micronaut.http.HttpStatus;

final class AdminOnly {
  private AdminOnly() {}

  static void check(Caller caller) {
    if (!caller.admin()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "forbidden", "Only an admin token may do this.", "Authorization");
    }
  }
}
