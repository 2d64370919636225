/**
 * Certificates and a CRL for tests of certificate validity (Envoy Gateway's
 * filterValidCACertificates and validateCrl).
 */

/**
 * Made with `openssl req -x509` (P-256, self-signed) and a CRL
 * from `openssl ca -gencrl`; the validity windows below are what `openssl x509 -dates` printed.
 */
export const CLIENT_CA = `-----BEGIN CERTIFICATE-----
MIIBuTCCAV+gAwIBAgIUB1BooDYRrUucHASP1q12TvG/qE0wCgYIKoZIzj0EAwIw
MjEXMBUGA1UECgwOZ3dwb2xpY3kgdGVzdHMxFzAVBgNVBAMMDmNsaWVudC1jYS50
ZXN0MB4XDTI2MTEyNjEyMDMxOFoXDTI2MTEyNzEyMDMxOFowMjEXMBUGA1UECgwO
Z3dwb2xpY3kgdGVzdHMxFzAVBgNVBAMMDmNsaWVudC1jYS50ZXN0MFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEBu0th5tR81154V8DKIqoNkO6wZQJZZ2fCHObBRne
Ynj8y4ACrzeMUbxCXrKoO8ibMoiqEjobfX1dDqekYJ4L8KNTMFEwHQYDVR0OBBYE
FAYlPyy31lQcgxJda/pwbehoZOf5MB8GA1UdIwQYMBaAFAYlPyy31lQcgxJda/pw
behoZOf5MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgJMnYPYho
5EzavxBhr4+StDyKSGpQm9P2fHbQohXw/hoCIQCrcA90fBQn30Ce1cHrxtoVB/y7
rQ9KUJhkkqVHOD0xeQ==
-----END CERTIFICATE-----
`;
/** CN=client-ca.test: valid from 2026-11-26 12:03:18 to 2026-11-27 12:03:18 UTC. */
export const CLIENT_CA_FROM = Date.UTC(2026, 10, 26, 12, 3, 18);
export const CLIENT_CA_UNTIL = Date.UTC(2026, 10, 27, 12, 3, 18);
export const OTHER_CA = `-----BEGIN CERTIFICATE-----
MIIBhjCCASugAwIBAgIUI9tUP2/DUVrDleG1s6u/ZQgPNIYwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNb3RoZXItY2EudGVzdDAeFw0yNjExMjYxMjAzMThaFw0yNjEx
MjgxMjAzMThaMBgxFjAUBgNVBAMMDW90aGVyLWNhLnRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQZXeMg5QTpALEqIn6ux7U/aDx1L8ya9qYkpZfiXNp+YY/y
ZgP+C8O+//BXSW8Ba/q/jcTdQTruVh7R3cLnnvoxo1MwUTAdBgNVHQ4EFgQU66XH
0r7KSehdG8rCnbNlnPmf1i4wHwYDVR0jBBgwFoAU66XH0r7KSehdG8rCnbNlnPmf
1i4wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAjycZ94LmLe2o
FluqdUR4lmKlFF+vSsoG5NVIYwbxKxYCIQDCprxjzFJufihjskm7WcLaY80ozg3L
FzcMsyHcp2TGXw==
-----END CERTIFICATE-----
`;
/** CN=other-ca.test: valid from 2026-11-26 12:03:18 to 2026-11-28 12:03:18 UTC. */
export const OTHER_CA_UNTIL = Date.UTC(2026, 10, 28, 12, 3, 18);
/** Issued by CN=client-ca.test; its lastUpdate and nextUpdate are the client CA's validity window. */
export const CLIENT_CA_CRL = `-----BEGIN X509 CRL-----
MIHJMHECAQEwCgYIKoZIzj0EAwIwMjEXMBUGA1UECgwOZ3dwb2xpY3kgdGVzdHMx
FzAVBgNVBAMMDmNsaWVudC1jYS50ZXN0Fw0yNjExMjYxMjAzMThaFw0yNjExMjcx
MjAzMThaoA4wDDAKBgNVHRQEAwIBATAKBggqhkjOPQQDAgNIADBFAiBoW4EFAjiH
fakwQjLYoa+hMU+vLFr/9MHnLCAPPy1PFwIhAIAjpu8Q57gj+F2NXLbj50k6JCzk
qthyVn3+YhJDHmTH
-----END X509 CRL-----
`;

/** The CRL's lastUpdate and nextUpdate are the client CA's validity window. */

/** Base64, as a Secret's `data` holds it. */
export const b64 = (text: string): string => Buffer.from(text).toString('base64');
