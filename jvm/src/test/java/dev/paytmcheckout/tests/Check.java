package dev.paytmcheckout.tests;

import java.util.ArrayList;
import java.util.List;

/** A tiny test tally: named checks, failures listed, a count per section. */
final class Check {
    private int passed;
    private final List<String> failures = new ArrayList<>();

    void that(String what, boolean ok) {
        if (ok) passed++;
        else {
            failures.add(what);
            System.err.println("FAIL " + what);
        }
    }

    void equal(String what, Object got, Object want) {
        boolean ok = got == null ? want == null : got.equals(want);
        if (!ok) System.err.println("  " + what + ":\n    got  " + got + "\n    want " + want);
        that(what, ok);
    }

    /** Runs body and checks it throws a PaytmException with this code name. */
    void throwsCode(String what, String codeName, Runnable body) {
        try {
            body.run();
            that(what + ": throws " + codeName, false);
        } catch (dev.paytmcheckout.PaytmException e) {
            if (!e.codeName().equals(codeName)) System.err.println("  " + what + ": got " + e.codeName() + " " + e.getMessage());
            that(what + ": throws " + codeName, e.codeName().equals(codeName));
            that(what + ": message says something", e.getMessage().length() > codeName.length() + 8);
        }
    }

    int passed() {
        return passed;
    }

    int failed() {
        return failures.size();
    }
}
