using System.Security.Cryptography;
using System.Text;
using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>XAES-256-GCM against the vectors of its specification, https://c2sp.org/XAES-256-GCM.</summary>
public class Xaes256GcmTests
{
    private static readonly byte[] s_specNonce = "ABCDEFGHIJKLMNOPQRSTUVWX"u8.ToArray();

    private static byte[] Seal(Xaes256Gcm xaes, byte[] nonce, byte[] plaintext, byte[] associatedData)
    {
        var sealedBytes = new byte[plaintext.Length + Xaes256Gcm.TagSizeInBytes];
        xaes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), associatedData);
        return sealedBytes;
    }

    private static byte[] Open(Xaes256Gcm xaes, byte[] nonce, byte[] sealedBytes, byte[] associatedData)
    {
        var plaintext = new byte[sealedBytes.Length - Xaes256Gcm.TagSizeInBytes];
        xaes.Decrypt(nonce, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), plaintext, associatedData);
        return plaintext;
    }

    [Theory]
    // MSB(L) = 0
    [InlineData(0x01, "", "e531954aca063d5b8d9c47a47d4cc6f0", "c8612c9ed53fe43e8e005b828a1631a0bbcb6ab2f46514ec4f439fcfd0fa969b", "ce546ef63c9cc60765923609b33a9a1974e96e52daf2fcf7075e2271")]
    // MSB(L) = 1
    [InlineData(0x03, "c2sp.org/XAES-256-GCM", "23810ec50edb99f374409466ed1f4b7b", "e9c621d4cdd9b11b00a6427ad7e559aeedd66b3857646677748f8ca796cb3fd8", "986ec1832593df5443a179437fd083bf3fdb41abd740a21f71eb769d")]
    public void Specification_vectors(byte keyByte, string associatedData, string k1, string messageKey, string ciphertextAndTag)
    {
        using var xaes = new Xaes256Gcm([.. Enumerable.Repeat(keyByte, 32)]);
        var aad = Encoding.ASCII.GetBytes(associatedData);
        var plaintext = "XAES-256-GCM"u8.ToArray();

        Assert.Equal(k1, Convert.ToHexStringLower(xaes.K1));
        Assert.Equal(messageKey, Convert.ToHexStringLower(xaes.DeriveMessageKey(s_specNonce.AsSpan(0, 12))));

        var sealedBytes = Seal(xaes, s_specNonce, plaintext, aad);
        Assert.Equal(ciphertextAndTag, Convert.ToHexStringLower(sealedBytes));
        Assert.Equal(plaintext, Open(xaes, s_specNonce, sealedBytes, aad));
    }

    /// <summary>
    /// The specification's accumulated test: 10 000 (key, nonce, plaintext, AAD) read in turn from one SHAKE-128
    /// stream of the empty input (plaintext and AAD 0–255 bytes, each preceded by its length byte); the ciphertexts
    /// (with tags) are hashed by a second SHAKE-128, whose 32-byte output is published.
    /// </summary>
    [Fact]
    public void Specification_accumulated_vector_of_10_000_iterations()
    {
        Assert.True(Shake128.IsSupported, "SHAKE-128 is needed for this vector (OpenSSL 1.1.1+ or Windows 11).");
        const int Iterations = 10_000;
        var stream = Shake128.HashData([], Iterations * (32 + 24 + 1 + 255 + 1 + 255));
        var offset = 0;
        ReadOnlySpan<byte> Next(int length)
        {
            var slice = stream.AsSpan(offset, length);
            offset += length;
            return slice;
        }

        Assert.Equal("7f9c2ba4e88f827d616045507605853e", Convert.ToHexStringLower(stream.AsSpan(0, 16)));
        using var digest = new Shake128();
        for (var i = 0; i < Iterations; i++)
        {
            var key = Next(32);
            var nonce = Next(24).ToArray();
            var plaintext = Next(Next(1)[0]).ToArray();
            var aad = Next(Next(1)[0]).ToArray();
            using var xaes = new Xaes256Gcm(key);
            var sealedBytes = Seal(xaes, nonce, plaintext, aad);
            digest.AppendData(sealedBytes);
            if (i % 1000 == 0)
            {
                Assert.Equal(plaintext, Open(xaes, nonce, sealedBytes, aad));
            }
        }

        Assert.Equal("e6b9edf2df6cec60c8cbd864e2211b597fb69a529160cd040d56c0c210081939", Convert.ToHexStringLower(digest.GetHashAndReset(32)));
    }

    [Fact]
    public void Any_changed_byte_fails_authentication()
    {
        using var xaes = new Xaes256Gcm(RandomNumberGenerator.GetBytes(32));
        var nonce = RandomNumberGenerator.GetBytes(24);
        var aad = "aad"u8.ToArray();
        var sealedBytes = Seal(xaes, nonce, "some session"u8.ToArray(), aad);

        for (var i = 0; i < nonce.Length; i++)
        {
            var changed = (byte[])nonce.Clone();
            changed[i] ^= 0x80;
            Assert.Throws<AuthenticationTagMismatchException>(() => Open(xaes, changed, sealedBytes, aad));
        }

        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var changed = (byte[])sealedBytes.Clone();
            changed[i] ^= 0x01;
            Assert.Throws<AuthenticationTagMismatchException>(() => Open(xaes, nonce, changed, aad));
        }

        Assert.Throws<AuthenticationTagMismatchException>(() => Open(xaes, nonce, sealedBytes, "aae"u8.ToArray()));
    }

    [Fact]
    public void Works_from_many_threads_at_once()
    {
        using var xaes = new Xaes256Gcm(RandomNumberGenerator.GetBytes(32));

        Parallel.For(0, 200, i =>
        {
            var nonce = RandomNumberGenerator.GetBytes(24);
            var plaintext = RandomNumberGenerator.GetBytes(i);
            Assert.Equal(plaintext, Open(xaes, nonce, Seal(xaes, nonce, plaintext, []), []));
        });
    }

    [Fact]
    public void New_nonces_share_a_random_key_prefix_and_differ_in_their_gcm_half()
    {
        using var xaes = new Xaes256Gcm(RandomNumberGenerator.GetBytes(32));
        using var other = new Xaes256Gcm(RandomNumberGenerator.GetBytes(32));
        var nonces = Enumerable.Range(0, 100).Select(_ => NewNonce(xaes)).ToList();

        Assert.Single(nonces.Select(n => Convert.ToHexString(n, 0, 12)).Distinct());
        Assert.Equal(100, nonces.Select(n => Convert.ToHexString(n, 12, 12)).Distinct().Count());
        Assert.NotEqual(Convert.ToHexString(nonces[0], 0, 12), Convert.ToHexString(NewNonce(other), 0, 12));
    }

    [Fact]
    public void The_key_prefix_changes_after_its_quota_of_messages()
    {
        using var xaes = new Xaes256Gcm(RandomNumberGenerator.GetBytes(32));
        var first = NewNonce(xaes);
        var nonce = new byte[24];
        for (var i = 1; i < Xaes256Gcm.MessagesPerKeyPrefix; i++)
        {
            xaes.NewNonce(nonce);
        }

        Assert.Equal(first[..12], nonce[..12]);
        Assert.NotEqual(first[..12], NewNonce(xaes)[..12]);
    }

    [Fact]
    public void Only_authenticated_messages_leave_their_key_in_the_cache()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var xaes = new Xaes256Gcm(key);
        using var elsewhere = new Xaes256Gcm(key);
        using var writer = new Xaes256Gcm(RandomNumberGenerator.GetBytes(32));
        var forgedNonce = RandomNumberGenerator.GetBytes(24);
        var forged = Seal(writer, forgedNonce, "forged"u8.ToArray(), []);

        Assert.Throws<AuthenticationTagMismatchException>(() => Open(xaes, forgedNonce, forged, []));
        Assert.False(xaes.IsCachedOnThisThread(forgedNonce.AsSpan(0, 12)));

        var genuineNonce = RandomNumberGenerator.GetBytes(24);
        var genuine = Seal(elsewhere, genuineNonce, "genuine"u8.ToArray(), []);
        Assert.False(xaes.IsCachedOnThisThread(genuineNonce.AsSpan(0, 12)));
        Assert.Equal("genuine"u8.ToArray(), Open(xaes, genuineNonce, genuine, []));
        Assert.True(xaes.IsCachedOnThisThread(genuineNonce.AsSpan(0, 12)));
    }

    [Fact]
    public void Messages_still_open_after_their_key_left_the_cache()
    {
        using var xaes = new Xaes256Gcm(RandomNumberGenerator.GetBytes(32));
        var messages = Enumerable.Range(0, Xaes256Gcm.CachedKeysPerThread * 3)
            .Select(i =>
            {
                var nonce = RandomNumberGenerator.GetBytes(24);
                var plaintext = RandomNumberGenerator.GetBytes(i);
                return (nonce, plaintext, sealedBytes: Seal(xaes, nonce, plaintext, []));
            })
            .ToList();

        Assert.False(xaes.IsCachedOnThisThread(messages[0].nonce.AsSpan(0, 12)));
        foreach (var (nonce, plaintext, sealedBytes) in messages)
        {
            Assert.Equal(plaintext, Open(xaes, nonce, sealedBytes, []));
        }
    }

    [Fact]
    public void Messages_sealed_on_one_thread_open_on_another()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var xaes = new Xaes256Gcm(key);
        var sealedMessages = new System.Collections.Concurrent.ConcurrentBag<(byte[] Nonce, byte[] Plaintext, byte[] Sealed)>();

        Parallel.For(0, 200, i =>
        {
            var nonce = NewNonce(xaes);
            var plaintext = RandomNumberGenerator.GetBytes(i);
            sealedMessages.Add((nonce, plaintext, Seal(xaes, nonce, plaintext, [])));
        });
        Parallel.ForEach(sealedMessages, m => Assert.Equal(m.Plaintext, Open(xaes, m.Nonce, m.Sealed, [])));
    }

    private static byte[] NewNonce(Xaes256Gcm xaes)
    {
        var nonce = new byte[24];
        xaes.NewNonce(nonce);
        return nonce;
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void Refuses_a_key_of_the_wrong_size(int length)
        => Assert.Throws<ArgumentException>(() => new Xaes256Gcm(new byte[length]));

    [Theory]
    [InlineData(12)]
    [InlineData(23)]
    [InlineData(25)]
    public void Refuses_a_nonce_of_the_wrong_size(int length)
    {
        using var xaes = new Xaes256Gcm(new byte[32]);

        Assert.Throws<ArgumentException>(() => Seal(xaes, new byte[length], [], []));
    }
}
