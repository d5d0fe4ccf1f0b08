using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>
/// Cookies with fixed inputs, computed outside .NET (Python's <c>cryptography</c> package: HKDF, AES-GCM and AES-ECB
/// for the XAES subkey) from the layouts in docs/security.md, so the codec is checked against its documentation: run
/// <c>python3 GoldenCookies.py</c> next to this file.
/// Inputs: secret 00 01 … 1f, cookie name <c>.scs</c>, session ID ab×32, created 1 700 000 000 000 ms, last seen
/// 1 700 000 500 000 ms, one section <c>CartSession</c> = <c>{"items":[]}</c>.
/// </summary>
internal static class GoldenCookies
{
    public const string CookieName = ".scs";

    /// <summary>Format 1 (0x01), nonce 01 02 … 0c. Also read by the codec that wrote format 1.</summary>
    public const string V1 =
        "AXQ5zz8BAgMEBQYHCAkKCwyzteycZy-Tg7npPWfwsZAfDHqv0VN2NDJz5oW9kpz_RVSqKsAfgL9o8e12pqbu-mOAmE5CB6BMihF9SZe_qNG2OjMshUq5OYAS8AdBWBDmBJQ4vpRjYVtSmyEfLOd4";

    /// <summary>Format 2 (0x03), application name <see cref="V2ApplicationName"/>, nonce 01 02 … 18.</summary>
    public const string V2 =
        "A3Q5zz8BAgMEBQYHCAkKCwwNDg8QERITFBUWFxi9FI-Ev1iPiV-usC6k0Zz4zWltlB0qWtmKBzUNnkg4xekyEARI1i-J0ArnOUS8bm2UE8ujakVPg53lBuFAoCbB0mcZ-tcTqnucG4ym3m6z9q8p8kXxnQdzBjFPYYkE";

    public const string V2ApplicationName = "Shop";

    /// <summary>The key ID of the secret: bytes 1–4 of both cookies.</summary>
    public const uint KeyId = 0x7439cf3f;

    public static byte[] Secret => [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    public static SessionEnvelope Envelope()
    {
        var envelope = new SessionEnvelope(
            [.. Enumerable.Repeat((byte)0xAB, 32)],
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_500_000));
        envelope.Sections["CartSession"] = """{"items":[]}"""u8.ToArray();
        return envelope;
    }
}
