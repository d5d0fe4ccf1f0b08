using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ScSession.Internal;

namespace ScSession.Benchmarks;

/// <summary>
/// Group 2c: the ciphers considered for cookie format 2, each as the codec uses it — write a 1 KB envelope into a
/// pooled buffer, seal it in place, base64url it (encode); base64url-decode, open into a new array, parse (decode).
/// Format 1's AES-256-GCM with one key per thread is the baseline; the others lift its limit of 2^32 random 96-bit
/// nonces per key by deriving keys: one per message, or (ScSession's XAES) one per 2^20 messages.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CookieCipherBenchmarks
{
    private const int TagLength = 16;
    private const int UncachedCookies = 64; // > Xaes256Gcm.CachedKeysPerThread: cycling through them always misses
    private static readonly byte[] s_messageKeyLabel = "ScSession benchmark message key"u8.ToArray();

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private AesGcm _cachedGcm = null!;
    private Xaes256Gcm _xaes = null!;
    private XaesWithEncryptEcb _xaesEcb = null!;
    private byte[] _prk = null!;
    private SessionEnvelope _envelope = null!;
    private string _v1 = null!;
    private string _xaesCookie = null!;
    private string[] _xaesUncachedCookies = null!;
    private int _nextUncached;
    private string _xaesEcbCookie = null!;
    private string _hkdfCookie = null!;

    // Delegates made once: a lambda that captures `this` would otherwise allocate on every call.
    private Seal _sealV1 = null!, _sealXaes = null!, _sealXaesPerMessage = null!, _sealXaesEcb = null!, _sealHkdf = null!;
    private Open _openV1 = null!, _openXaes = null!, _openXaesEcb = null!, _openHkdf = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cachedGcm = new AesGcm(_key, TagLength);
        _xaes = new Xaes256Gcm(_key);
        _xaesEcb = new XaesWithEncryptEcb(_key);
        _prk = HKDF.Extract(HashAlgorithmName.SHA256, _key, "ScSession.v1"u8.ToArray());
        var now = DateTimeOffset.UtcNow;
        _envelope = new SessionEnvelope(RandomNumberGenerator.GetBytes(SessionEnvelope.SessionIdLength), now, now);
        var data = new byte[1024 - (_envelope.GetEncodedLength() + 2 + 4 + 4)];
        data.AsSpan().Fill((byte)'x');
        _envelope.Sections["cart"] = data;

        // Each seal makes its own nonce.
        _sealV1 = (n, d, t) =>
        {
            NonceSource.Fill(n);
            _cachedGcm.Encrypt(n, d, d, t);
        };
        _sealXaes = (n, d, t) =>
        {
            _xaes.NewNonce(n);
            _xaes.Encrypt(n, d, d, t);
        };
        _sealXaesPerMessage = (n, d, t) =>
        {
            NonceSource.Fill(n); // a new key prefix, so a new derived key, every time
            _xaes.Encrypt(n, d, d, t);
        };
        _sealXaesEcb = (n, d, t) =>
        {
            NonceSource.Fill(n);
            _xaesEcb.Encrypt(n, d, d, t);
        };
        _sealHkdf = SealHkdf;
        _openV1 = (n, c, t, p) => _cachedGcm.Decrypt(n, c, t, p);
        _openXaes = (n, c, t, p) => _xaes.Decrypt(n, c, t, p);
        _openXaesEcb = (n, c, t, p) => _xaesEcb.Decrypt(n, c, t, p);
        _openHkdf = OpenHkdf;

        _v1 = EncodeV1();
        _xaesCookie = EncodeXaes();
        _xaesUncachedCookies = [.. Enumerable.Range(0, UncachedCookies).Select(_ => EncodeXaesPerMessage())];
        _xaesEcbCookie = EncodeXaesEcb();
        _hkdfCookie = EncodeHkdf();
        foreach (var (name, decode) in new (string, Func<int>)[] { ("v1", DecodeV1), ("XAES", DecodeXaes), ("XAES uncached", DecodeXaesUncached), ("XAES/EncryptEcb", DecodeXaesEcb), ("HKDF", DecodeHkdf) })
        {
            if (decode() != 1)
            {
                throw new InvalidOperationException($"{name}: round trip failed.");
            }
        }

        if (DecodeWith(_xaesCookie, 24, _openXaesEcb) != 1 || DecodeWith(_xaesEcbCookie, 24, _openXaes) != 1)
        {
            throw new InvalidOperationException("The two XAES implementations disagree.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cachedGcm.Dispose();
        _xaes.Dispose();
        _xaesEcb.Dispose();
    }

    /// <summary>Writes the nonce, then seals <paramref name="data"/> in place.</summary>
    private delegate void Seal(Span<byte> nonce, Span<byte> data, Span<byte> tag);

    private delegate void Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext);

    private string EncodeWith(int nonceLength, Seal seal)
    {
        var plaintextLength = _envelope.GetEncodedLength();
        var length = 5 + nonceLength + plaintextLength + TagLength;
        var output = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var frame = output.AsSpan(0, length);
            frame[..5].Clear();
            var data = frame.Slice(5 + nonceLength, plaintextLength);
            _envelope.WriteTo(data);
            seal(frame.Slice(5, nonceLength), data, frame[^TagLength..]);
            return Base64Url.EncodeToString(frame);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output, clearArray: true);
        }
    }

    private static int DecodeWith(string cookie, int nonceLength, Open open)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(cookie.Length));
        try
        {
            Base64Url.DecodeFromChars(cookie, buffer, out _, out var written);
            var frame = buffer.AsSpan(0, written);
            var plaintext = new byte[written - 5 - nonceLength - TagLength];
            open(frame.Slice(5, nonceLength), frame.Slice(5 + nonceLength, plaintext.Length), frame[^TagLength..], plaintext);
            return SessionEnvelope.TryParse(plaintext, out var envelope) ? envelope.Sections.Count : -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Benchmark(Baseline = true, Description = "encode: v1 AES-256-GCM, one key")]
    [BenchmarkCategory("encode")]
    public string EncodeV1() => EncodeWith(12, _sealV1);

    [Benchmark(Description = "encode: XAES-256-GCM, key per 2^20 (ScSession)")]
    [BenchmarkCategory("encode")]
    public string EncodeXaes() => EncodeWith(24, _sealXaes);

    [Benchmark(Description = "encode: XAES-256-GCM, key per message")]
    [BenchmarkCategory("encode")]
    public string EncodeXaesPerMessage() => EncodeWith(24, _sealXaesPerMessage);

    [Benchmark(Description = "encode: XAES-256-GCM, key per message, EncryptEcb")]
    [BenchmarkCategory("encode")]
    public string EncodeXaesEcb() => EncodeWith(24, _sealXaesEcb);

    [Benchmark(Description = "encode: HKDF-SHA256 key per message + AES-GCM")]
    [BenchmarkCategory("encode")]
    public string EncodeHkdf() => EncodeWith(32, _sealHkdf);

    [Benchmark(Baseline = true, Description = "decode: v1 AES-256-GCM, one key")]
    [BenchmarkCategory("decode")]
    public int DecodeV1() => DecodeWith(_v1, 12, _openV1);

    [Benchmark(Description = "decode: XAES-256-GCM, key cached (ScSession)")]
    [BenchmarkCategory("decode")]
    public int DecodeXaes() => DecodeWith(_xaesCookie, 24, _openXaes);

    [Benchmark(Description = "decode: XAES-256-GCM, key not cached")]
    [BenchmarkCategory("decode")]
    public int DecodeXaesUncached()
    {
        _nextUncached = (_nextUncached + 1) % UncachedCookies;
        return DecodeWith(_xaesUncachedCookies[_nextUncached], 24, _openXaes);
    }

    [Benchmark(Description = "decode: XAES-256-GCM, key per message, EncryptEcb")]
    [BenchmarkCategory("decode")]
    public int DecodeXaesEcb() => DecodeWith(_xaesEcbCookie, 24, _openXaesEcb);

    [Benchmark(Description = "decode: HKDF-SHA256 key per message + AES-GCM")]
    [BenchmarkCategory("decode")]
    public int DecodeHkdf() => DecodeWith(_hkdfCookie, 32, _openHkdf);

    private void SealHkdf(Span<byte> salt, Span<byte> data, Span<byte> tag)
    {
        NonceSource.Fill(salt);
        using var gcm = CreateHkdfGcm(salt);
        gcm.Encrypt(stackalloc byte[12], data, data, tag); // a fresh key per message: a fixed nonce is safe
    }

    private void OpenHkdf(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        using var gcm = CreateHkdfGcm(salt);
        gcm.Decrypt(stackalloc byte[12], ciphertext, tag, plaintext);
    }

    private AesGcm CreateHkdfGcm(ReadOnlySpan<byte> salt)
    {
        Span<byte> key = stackalloc byte[32];
        DeriveHkdfKey(salt, key);
        try
        {
            return new AesGcm(key, TagLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The message key as Data Protection would do it: HKDF-Expand of the key's PRK with the random salt in the info.</summary>
    private void DeriveHkdfKey(ReadOnlySpan<byte> salt, Span<byte> key)
    {
        Span<byte> info = stackalloc byte[s_messageKeyLabel.Length + salt.Length];
        s_messageKeyLabel.CopyTo(info);
        salt.CopyTo(info[s_messageKeyLabel.Length..]);
        HKDF.Expand(HashAlgorithmName.SHA256, _prk, key, info);
    }

    /// <summary>
    /// XAES-256-GCM with the two subkey blocks encrypted by <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>
    /// on a per-thread <see cref="Aes"/>, the obvious way, which sets up a native cipher context on every call;
    /// <see cref="Xaes256Gcm"/> keeps one ECB transform per thread instead. Benchmark only: checked against
    /// <see cref="Xaes256Gcm"/> in setup.
    /// </summary>
    private sealed class XaesWithEncryptEcb : IDisposable
    {
        private readonly byte[] _k1 = new byte[16];
        private readonly ThreadLocal<Aes> _aes;

        public XaesWithEncryptEcb(byte[] key)
        {
            _aes = new ThreadLocal<Aes>(() =>
            {
                var aes = Aes.Create();
                aes.Key = key;
                return aes;
            }, trackAllValues: true);
            var l = _aes.Value!.EncryptEcb(new byte[16], PaddingMode.None);
            for (var i = 0; i < 15; i++)
            {
                _k1[i] = (byte)((l[i] << 1) | (l[i + 1] >> 7));
            }

            _k1[15] = (byte)((l[15] << 1) ^ ((l[0] >> 7) * 0x87));
        }

        public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
        {
            using var gcm = CreateGcm(nonce);
            gcm.Encrypt(nonce[12..], plaintext, ciphertext, tag);
        }

        public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
        {
            using var gcm = CreateGcm(nonce);
            gcm.Decrypt(nonce[12..], ciphertext, tag, plaintext);
        }

        private AesGcm CreateGcm(ReadOnlySpan<byte> nonce)
        {
            Span<byte> blocks = stackalloc byte[32];
            Span<byte> key = stackalloc byte[32];
            for (var counter = 1; counter <= 2; counter++)
            {
                var block = blocks.Slice((counter - 1) * 16, 16);
                block[1] = (byte)counter;
                block[2] = (byte)'X';
                nonce[..12].CopyTo(block[4..]);
                for (var i = 0; i < 16; i++)
                {
                    block[i] ^= _k1[i];
                }
            }

            _aes.Value!.EncryptEcb(blocks, key, PaddingMode.None);
            try
            {
                return new AesGcm(key, TagLength);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        public void Dispose()
        {
            foreach (var aes in _aes.Values)
            {
                aes.Dispose();
            }

            _aes.Dispose();
        }
    }
}
