package dev.turnpike.activities.runner.openai;

import dev.turnpike.activities.runner.openai.ChatReply.TokenUsage;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a model's tokens cost, from the properties {@code
 * turnpike.prices.<model>.input-cents-per-1k} and {@code .output-cents-per-1k} (default 0: an
 * unpriced model costs nothing).
 */
@Singleton
public class PriceTable {
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private final Environment properties;

  public PriceTable(Environment properties) {
    this.properties = properties;
  }

  /** The cost in cents, to six decimal places. */
  BigDecimal costCents(String model, TokenUsage usage) {
    BigDecimal cost =
        price(model, "input")
            .multiply(BigDecimal.valueOf(usage.promptTokens()))
            .add(price(model, "output").multiply(BigDecimal.valueOf(usage.completionTokens())))
            .divide(THOUSAND, 6, RoundingMode.HALF_UP)
            .stripTrailingZeros();
    return cost.scale() < 0 ? cost.setScale(0) : cost;
  }

  private BigDecimal price(String model, String side) {
    return properties
        .getProperty("turnpike.prices." + model + "." + side + "-cents-per-1k", BigDecimal.class)
        .orElse(BigDecimal.ZERO);
  }
}
