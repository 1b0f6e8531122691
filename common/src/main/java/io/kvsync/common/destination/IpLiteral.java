package io.kvsync.common.destination;

import java.util.regex.Pattern;

/** Recognises IP address literals, so that they are parsed and never looked up as names. */
final class IpLiteral {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.%\\w]*\\]?");

  private IpLiteral() {}

  static boolean is(String host) {
    return IPV4.matcher(host).matches() || IPV6.matcher(host).matches();
  }
}
