package io.kvsync.emulator.api.resources;

import io.kvsync.emulator.api.json.AttributeWriter;
import io.kvsync.emulator.api.json.ResourceKind;
import io.kvsync.emulator.data.Account;
import java.io.IOException;

/** {@code type "account"}. */
public final class AccountKind implements ResourceKind<Account> {

  public static final AccountKind INSTANCE = new AccountKind();

  @Override
  public String type() {
    return "account";
  }

  @Override
  public String collection() {
    return "accounts";
  }

  @Override
  public String id(Account item) {
    return item.id();
  }

  @Override
  public boolean hasRelationships() {
    return false;
  }

  @Override
  public void attributes(Account a, AttributeWriter out) throws IOException {
    out.bool("test_account", a.testAccount());
    out.object(
        "contact_information",
        contact -> {
          contact.string("default_sender_name", a.senderName());
          contact.string("default_sender_email", a.senderEmail());
          contact.string("website_url", a.websiteUrl());
          contact.string("organization_name", a.organizationName());
          contact.object(
              "street_address",
              address -> {
                address.string("address1", a.address1());
                address.string("address2", a.address2());
                address.string("city", a.city());
                address.string("region", a.region());
                address.string("country", a.country());
                address.string("zip", a.zip());
              });
        });
    out.string("industry", a.industry());
    out.string("timezone", a.timezone());
    out.string("preferred_currency", a.preferredCurrency());
    out.string("public_api_key", a.publicApiKey());
    out.string("locale", a.locale());
  }
}
