package io.fullspectrum.graph;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** The golden tolerance: 1e-4 absolute or 1e-5 relative, whichever is looser; infinities must match exactly. */
final class GoldenMatchers {
  private GoldenMatchers() {}

  static Matcher<Double> matchesGolden(double expected) {
    return new TypeSafeMatcher<>() {
      @Override
      protected boolean matchesSafely(Double actual) {
        if (Double.isInfinite(expected) || Double.isNaN(expected)) {
          return actual.equals(expected);
        }
        return Math.abs(actual - expected) <= Math.max(1e-4, 1e-5 * Math.abs(expected));
      }

      @Override
      public void describeTo(Description description) {
        description.appendText("within golden tolerance of ").appendValue(expected);
      }
    };
  }
}
