<?php
/**
 * One WhatsApp code check, whoever asks for it: the plugin's own sign-in step, the Two Factor
 * provider, and the profile when a number is added, changed or removed. `start()` tracks the
 * action for one attempt (the idempotency key) with the number the code goes to; `check()`
 * accepts only a token that Authsignal validates for that user, action and attempt, once.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Starts and checks a WhatsApp verification bound to one attempt.
 */
final class WhatsApp_Verification {

	/**
	 * A new attempt id (the idempotency key of the tracked action), or null when the system
	 * has no randomness to give.
	 */
	public static function new_attempt(): ?string {
		try {
			return bin2hex( random_bytes( 16 ) );
		} catch ( \Exception $e ) {
			return null;
		}
	}

	/**
	 * Tracks the action for this attempt: the answer's token is what the element needs.
	 *
	 * @param int         $user_id The WordPress user.
	 * @param string      $action  Action code.
	 * @param string      $attempt Attempt id (idempotency key).
	 * @param string|null $number  The number the code goes to; null: the user's number on file.
	 * @return array<string, mixed>|\WP_Error Authsignal's answer (with `token`), or why not.
	 */
	public static function start( int $user_id, string $action, string $attempt, ?string $number = null ) {
		$number = null === $number ? Phone_Field::get( $user_id ) : $number;
		if ( '' === $number ) {
			return new \WP_Error( 'authsignal_no_phone', __( 'Add your WhatsApp number to your profile first.', 'authsignal-whatsapp-challenge' ) );
		}
		return Server_API::track(
			$user_id,
			$action,
			array(
				'phoneNumber'    => $number,
				'idempotencyKey' => $attempt,
				'locale'         => Validation::language_tag( determine_locale() ),
			)
		);
	}

	/**
	 * Whether the posted token proves a code for this user, action and attempt. On success the
	 * token is used up; the caller then calls record() once what the code was for is done.
	 *
	 * @param mixed  $token   The element's verified token, as posted.
	 * @param int    $user_id The WordPress user.
	 * @param string $action  Action code.
	 * @param string $attempt Attempt id given to start().
	 * @return array<string, mixed>|\WP_Error Authsignal's validate answer, or the refusal.
	 */
	public static function check( $token, int $user_id, string $action, string $attempt ) {
		if ( '' === $attempt ) {
			return new \WP_Error( 'authsignal_no_attempt', __( 'The WhatsApp verification could not be confirmed. Please try again.', 'authsignal-whatsapp-challenge' ) );
		}
		return Result_Check::validate( $token, $user_id, $action, $attempt );
	}

	/**
	 * Records a verification that took effect: `authsignal_whatsapp_verified_at` and the
	 * `authsignal_whatsapp_verified` hook.
	 *
	 * @param int                  $user_id The WordPress user.
	 * @param string               $action  Action code.
	 * @param array<string, mixed> $result  Authsignal's validate answer.
	 */
	public static function record( int $user_id, string $action, array $result ): void {
		update_user_meta( $user_id, Verify_Handler::VERIFIED_AT_META, time() );
		/** This action is documented in includes/class-verify-handler.php. */
		do_action( 'authsignal_whatsapp_verified', $user_id, $action, $result );
	}

	/**
	 * The token the element posted (field `authsignal_token`), unslashed and never altered, or ''.
	 * The caller has checked the request's nonce or key.
	 */
	public static function posted_token(): string {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing, WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- checked by the caller; an opaque token, never altered.
		return isset( $_POST['authsignal_token'] ) && is_string( $_POST['authsignal_token'] ) ? wp_unslash( $_POST['authsignal_token'] ) : '';
	}
}
