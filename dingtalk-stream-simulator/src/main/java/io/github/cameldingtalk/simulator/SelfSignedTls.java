package io.github.cameldingtalk.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** A certificate for {@code 127.0.0.1}/{@code localhost} made at start-up, and what a client needs to trust it. */
public final class SelfSignedTls {

    private final HeldCertificate certificate;
    private final HandshakeCertificates clientSide;

    SelfSignedTls(String host) {
        this.certificate = new HeldCertificate.Builder()
                .commonName("dingtalk-stream-simulator")
                .addSubjectAlternativeName(host)
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost")
                .duration(Duration.ofDays(2).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .build();
        this.clientSide = new HandshakeCertificates.Builder().addTrustedCertificate(certificate.certificate()).build();
    }

    SSLContext serverContext() {
        return new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslContext();
    }

    public X509Certificate certificate() {
        return certificate.certificate();
    }

    /** PEM text of the certificate, e.g. for {@code curl --cacert}. */
    public String certificatePem() {
        return certificate.certificatePem();
    }

    /** For clients such as OkHttp: {@code builder.sslSocketFactory(tls.socketFactory(), tls.trustManager())}. */
    public SSLSocketFactory socketFactory() {
        return clientSide.sslSocketFactory();
    }

    public X509TrustManager trustManager() {
        return clientSide.trustManager();
    }

    /**
     * Writes a PKCS12 trust store holding the certificate, for clients that only use the JVM default trust
     * ({@code -Djavax.net.ssl.trustStore=…}), such as the official DingTalk Java SDK.
     */
    public Path writeTrustStore(Path file, String password) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("dingtalk-stream-simulator", certificate.certificate());
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write trust store " + file, e);
        }
    }
}
