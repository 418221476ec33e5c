package io.rapport.customers.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    @Test
    void normalisesNationalNumbersInTheGivenRegion() {
        assertThat(PhoneNumbers.toE164("(415) 555-2671", "US")).contains("+14155552671");
        assertThat(PhoneNumbers.toE164("030 1234567", "DE")).contains("+49301234567");
    }

    @Test
    void keepsTheCountryOfInternationalNumbers() {
        assertThat(PhoneNumbers.toE164("+44 20 7946 0958", "US")).contains("+442079460958");
    }

    @Test
    void rejectsWhatIsNoPhoneNumber() {
        assertThat(PhoneNumbers.toE164("call me maybe", "US")).isEmpty();
        assertThat(PhoneNumbers.toE164("123", "US")).isEmpty();
        assertThat(PhoneNumbers.toE164("", "US")).isEmpty();
    }
}
