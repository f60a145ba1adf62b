<?php
/**
 * The account password as a re-check of who is at the keyboard (changing the WhatsApp number,
 * generating backup codes). WordPress lets a signed-in session set a new password without the
 * old one and keeps that session signed in, so a password set during the current session proves
 * nothing more than the session itself: it is not accepted. The time of each password change is
 * kept in user meta and compared with the session's sign-in time (`login` in WP_Session_Tokens);
 * a session WordPress creates while it changes the password (6.1 re-issues the cookie with a new
 * session) is marked as such.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Records password changes and checks a posted account password.
 */
final class Account_Password {

	/** User meta: when the password last changed (Unix time). */
	public const CHANGED_META = '_authsignal_whatsapp_password_changed_at';

	/** Session key: the session was created by a password change. */
	private const SESSION_KEY = 'authsignal_whatsapp_password_changed';

	/**
	 * Users whose password changed in this request.
	 *
	 * @var array<int, true>
	 */
	private static array $changed_now = array();

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'profile_update', array( self::class, 'profile_updated' ), 1, 2 );
		add_action( 'password_reset', array( self::class, 'password_reset' ), 1 );
		add_action( 'after_password_reset', array( self::class, 'password_reset' ), 1 );
		// WordPress 6.2 and later: any wp_set_password().
		add_action( 'wp_set_password', array( self::class, 'password_set' ), 1, 3 );
		add_filter( 'attach_session_information', array( self::class, 'mark_session' ), 10, 2 );
	}

	/**
	 * A user saved: records the change when the password hash changed.
	 *
	 * @param int           $user_id  The user.
	 * @param \WP_User|null $old_user The user before the save.
	 */
	public static function profile_updated( $user_id, $old_user = null ): void {
		$user = get_userdata( (int) $user_id );
		if ( $user instanceof \WP_User && $old_user instanceof \WP_User && $old_user->user_pass !== $user->user_pass ) {
			self::record( (int) $user_id );
		}
	}

	/**
	 * A password reset.
	 *
	 * @param \WP_User $user The user.
	 */
	public static function password_reset( $user ): void {
		if ( $user instanceof \WP_User ) {
			self::record( $user->ID );
		}
	}

	/**
	 * The wp_set_password action; not a change when the password is the same (WordPress 6.8
	 * rehashes an old hash at sign-in through wp_set_password).
	 *
	 * @param string        $password The new password.
	 * @param int           $user_id  The user.
	 * @param \WP_User|null $old_user The user before.
	 */
	public static function password_set( $password, $user_id = 0, $old_user = null ): void {
		if ( (int) $user_id <= 0 ) {
			return;
		}
		if ( is_string( $password ) && $old_user instanceof \WP_User && wp_check_password( $password, $old_user->user_pass, (int) $user_id ) ) {
			return;
		}
		self::record( (int) $user_id );
	}

	/**
	 * Records a change now.
	 *
	 * @param int $user_id The user.
	 */
	private static function record( int $user_id ): void {
		self::$changed_now[ $user_id ] = true;
		update_user_meta( $user_id, self::CHANGED_META, time() );
	}

	/**
	 * A session created in the request that changed the password carries that on.
	 *
	 * @param array $session The session's information.
	 * @param int   $user_id The user.
	 */
	public static function mark_session( $session, $user_id ): array {
		$session = is_array( $session ) ? $session : array();
		if ( isset( self::$changed_now[ (int) $user_id ] ) ) {
			$session[ self::SESSION_KEY ] = time();
		}
		return $session;
	}

	/**
	 * Whether the current user's password changed during the current session (or there is no
	 * session to tell).
	 *
	 * @param int $user_id The current user.
	 */
	public static function changed_during_session( int $user_id ): bool {
		if ( isset( self::$changed_now[ $user_id ] ) ) {
			return true;
		}
		$token   = wp_get_session_token();
		$session = '' === $token ? null : \WP_Session_Tokens::get_instance( $user_id )->get( $token );
		if ( ! is_array( $session ) || ! empty( $session[ self::SESSION_KEY ] ) ) {
			return true;
		}
		$changed = (int) get_user_meta( $user_id, self::CHANGED_META, true );
		return $changed > 0 && $changed >= (int) ( $session['login'] ?? 0 );
	}

	/**
	 * The posted password of a field, unslashed ('' when none).
	 *
	 * @param string $field The field's name.
	 */
	public static function posted( string $field ): string {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing, WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- callers check the form's nonce; a password is compared, never altered.
		return isset( $_POST[ $field ] ) && is_string( $_POST[ $field ] ) ? wp_unslash( $_POST[ $field ] ) : '';
	}

	/**
	 * Checks a password given for the current user.
	 *
	 * @param int    $user_id  The current user.
	 * @param string $password The password given.
	 * @return string `ok`, `none` (empty), `wrong`, or `changed` (right, but set during this session).
	 */
	public static function check( int $user_id, string $password ): string {
		if ( '' === $password ) {
			return 'none';
		}
		$user = get_userdata( $user_id );
		if ( ! $user instanceof \WP_User || ! wp_check_password( $password, $user->user_pass, $user_id ) ) {
			return 'wrong';
		}
		return self::changed_during_session( $user_id ) ? 'changed' : 'ok';
	}
}
