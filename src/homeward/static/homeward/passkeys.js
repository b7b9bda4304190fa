// A passkey just added: reload the two-factor page so that its list shows it.
document.addEventListener("otp_webauthn.register_complete", () => window.location.reload());
