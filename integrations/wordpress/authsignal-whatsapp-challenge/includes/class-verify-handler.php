<?php
/**
 * Where the shortcode's and block's form posts: admin-post.php?action=authsignal_whatsapp_verify.
 * Checks the nonce (bound to the action code), validates the token with the Server API, stores
 * `authsignal_whatsapp_verified_at`, fires `authsignal_whatsapp_verified`, and redirects.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Handles the form post.
 */
final class Verify_Handler {

	public const ADMIN_POST_ACTION = 'authsignal_whatsapp_verify';

	/** User meta: Unix time of the last successful verification. */
	public const VERIFIED_AT_META = 'authsignal_whatsapp_verified_at';

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'admin_post_' . self::ADMIN_POST_ACTION, array( self::class, 'handle' ) );
		add_action( 'admin_post_nopriv_' . self::ADMIN_POST_ACTION, array( self::class, 'signed_out' ) );
	}

	/** A signed-out post: nothing to verify; off to the sign-in page. */
	public static function signed_out(): void {
		wp_safe_redirect( wp_login_url() );
		exit;
	}

	/** Handles a signed-in post. */
	public static function handle(): void {
		// phpcs:disable WordPress.Security.NonceVerification.Missing -- the nonce is checked below, bound to the action.
		$action = Validation::page_action_code( isset( $_POST['authsignal_action'] ) ? sanitize_text_field( wp_unslash( $_POST['authsignal_action'] ) ) : '' );
		$nonce  = isset( $_POST['_authsignal_nonce'] ) ? sanitize_text_field( wp_unslash( $_POST['_authsignal_nonce'] ) ) : '';
		// Strings only: esc_url_raw() on an array (authsignal_back[]=x) is a PHP fatal error.
		$back = isset( $_POST['authsignal_back'] ) && is_string( $_POST['authsignal_back'] ) ? esc_url_raw( wp_unslash( $_POST['authsignal_back'] ) ) : '';
		$next = isset( $_POST['authsignal_redirect'] ) && is_string( $_POST['authsignal_redirect'] ) ? esc_url_raw( wp_unslash( $_POST['authsignal_redirect'] ) ) : '';
		// A token is opaque: unslashed, never altered.
		$token = isset( $_POST['authsignal_token'] ) && is_string( $_POST['authsignal_token'] ) ? wp_unslash( $_POST['authsignal_token'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized
		// phpcs:enable

		$back = wp_validate_redirect( $back, home_url( '/' ) );
		if ( null === $action || ! wp_verify_nonce( $nonce, Challenge_Form::nonce_action( $action ) ) ) {
			self::go( $back, 'failed' );
		}

		$user_id = get_current_user_id();
		$result  = Result_Check::validate( $token, $user_id, $action );
		if ( is_wp_error( $result ) ) {
			self::go( $back, 'failed' );
		}

		update_user_meta( $user_id, self::VERIFIED_AT_META, time() );
		update_user_meta( $user_id, Challenge_Form::JUST_VERIFIED_META, $action );
		/**
		 * Fires when a signed-in user has verified with a WhatsApp code and Authsignal has
		 * confirmed it (on a page with the shortcode or block, or at sign-in with action `signIn`).
		 *
		 * @param int                  $user_id The user.
		 * @param string               $action  The action code.
		 * @param array<string, mixed> $result  Authsignal's validate answer.
		 */
		do_action( 'authsignal_whatsapp_verified', $user_id, $action, $result );

		self::go( wp_validate_redirect( $next, $back ), 'verified' );
	}

	/**
	 * Redirects with the result argument, and stops.
	 *
	 * @param string $url    Where to.
	 * @param string $result `verified` or `failed`.
	 */
	private static function go( string $url, string $result ): void {
		wp_safe_redirect( add_query_arg( Challenge_Form::RESULT_ARG, $result, $url ), 303 );
		exit;
	}
}
